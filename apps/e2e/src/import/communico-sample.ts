import { csvLine } from './libcal-sample';

/**
 * A Communico Attend event export written for the tests. Communico does not
 * publish its export's columns: these are the names the importer accepts
 * (COMMUNICO_COLUMNS, all unverified), in the spreadsheet spelling.
 */
export const HEADER = [
  'Event ID', 'Title', 'Description', 'Start', 'End', 'Location', 'Room', 'Ages', 'Event Types', 'Capacity', 'Registrants', 'Waitlist', 'Attendance', 'Status', 'URL',
];
export const row = (o: Record<string, string | number>) => csvLine(HEADER.map((h) => o[h] ?? ''));

export const base = (id: number, over: Record<string, string | number> = {}) => ({
  'Event ID': id, Title: 'Toddler Time', Description: '<p>Songs and stories for toddlers.</p>', Start: '2025-03-05 10:30:00', End: '2025-03-05 11:00:00',
  Location: 'Central Library', Room: 'Storytime Room', Ages: 'Toddlers', 'Event Types': 'Storytime', Capacity: 25, Registrants: 20, Waitlist: 2, Attendance: 17,
  Status: 'Published', URL: `https://example.libnet.info/event/${id}`, ...over,
});

/** Five events at two libraries, four programs, a cancelled event, times with AM/PM, a multi-line description. */
export const SAMPLE = [
  csvLine(HEADER),
  row(base(15292079)),
  row(base(15292080, { Start: '2025-03-12 10:30:00', End: '2025-03-12 11:00:00', Attendance: 21 })),
  row(base(15549539, {
    Title: 'Technology Help', Description: 'Drop-in help.\nBring your device.', Start: '3/18/2025 2:00 PM', End: '3/18/2025 4:00 PM', Location: 'North Branch',
    Room: 'Computer Lab', Ages: 'Adults, Seniors', 'Event Types': 'Technology', Capacity: '', Registrants: '', Waitlist: '', Attendance: 7,
  })),
  row(base(15600001, { Title: 'Teen Anime Club', Start: '2025-03-20 16:00:00', End: '2025-03-20 17:30:00', Ages: 'Teens', 'Event Types': 'Clubs', Capacity: 15, Registrants: 0, Waitlist: 0, Attendance: 12 })),
  row(base(15600002, { Title: 'Job Search Basics', Start: '2025-04-01 18:00:00', End: '2025-04-01 19:00:00', Location: 'North Branch', Ages: 'Adults', 'Event Types': 'Careers', Attendance: '', Status: 'Cancelled' })),
].join('\r\n');

/** Six kinds of bad rows and one good row. */
export const BAD = [
  csvLine(HEADER),
  row(base(25000001, { Title: '' })),
  row(base(25000002, { Start: '2025-02-30 10:30:00', End: '2025-02-30 11:00:00' })),
  row(base(25000003, { Start: '2025-03-05 15:00:00', End: '2025-03-05 14:00:00' })),
  row(base(25000004, { Location: 'Westside Branch' })),
  row(base(25000005, { Attendance: 'twelve' })),
  row(base(25000006, { Start: '2025-03-05 25:00:00' })),
  row(base(25000007)),
  row(base(25000007, { Start: '2025-03-06 10:30:00', End: '2025-03-06 11:00:00' })),
].join('\n');
