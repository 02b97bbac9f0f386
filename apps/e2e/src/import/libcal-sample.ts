/** A LibCal event export written for the tests, with the column names libraries document for LibCal's export. */
/** LibCal's event export columns, as libraries document them. */
export const HEADER = [
  'Event ID', 'Title', 'Description', 'Date', 'Start Time', 'End Time', 'Library', 'Location', 'Audiences', 'Categories', 'Internal Tags',
  'Presenter', 'Event Organizer', 'Setup', 'Teardown', 'Confirmed Registrations', 'Waiting-List Registrations', 'Cancelled Registrations',
  'Anticipated Attendance', 'Confirmed Attendance', 'Event URL',
];
export const csvLine = (cells: (string | number)[]) => cells.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',');
export const row = (o: Record<string, string | number>) => csvLine(HEADER.map((h) => o[h] ?? ''));

export const base = (id: number, over: Record<string, string | number> = {}) => ({
  'Event ID': id, Title: 'Baby Storytime', Description: '<p>Songs, rhymes and books for babies and their grown-ups.</p>', Date: '2025-03-04',
  'Start Time': '10:00am', 'End Time': '10:30am', Library: 'Central Library', Location: "Children's Room", Audiences: 'Babies (0-2), Parents & Caregivers',
  Categories: 'Storytime', 'Internal Tags': 'early-lit', Presenter: 'Ana Ruiz', 'Event Organizer': 'Youth Services', Setup: 0, Teardown: 0,
  'Confirmed Registrations': 0, 'Waiting-List Registrations': 0, 'Cancelled Registrations': 0, 'Anticipated Attendance': 20, 'Confirmed Attendance': 18,
  'Event URL': `https://example.libcal.com/event/${id}`, ...over,
});

/** Six events at two libraries, five programs (two storytimes of one series), a description over two lines, an all-day event, a date after DST began. */
export const SAMPLE = [
  csvLine(HEADER),
  row(base(10234567)),
  row(base(10234568, { Date: '2025-03-11', 'Confirmed Attendance': 22 })),
  row(base(10234601, {
    Title: 'Resume Workshop', Description: 'Bring your resume.\nLaptops provided.', Date: '03/12/2025', 'Start Time': '6:00pm', 'End Time': '7:30pm',
    Library: 'North Branch', Location: 'Meeting Room A', Audiences: 'Adults', Categories: 'Job Seekers', 'Internal Tags': '',
    'Confirmed Registrations': 12, 'Waiting-List Registrations': 3, 'Cancelled Registrations': 1, 'Anticipated Attendance': 15, 'Confirmed Attendance': 11,
  })),
  row(base(10234700, { Title: 'Teen Maker Lab', Date: '2025-03-15', 'Start Time': '2:00pm', 'End Time': '4:00pm', Library: 'North Branch', Location: 'Maker Space', Audiences: 'Teens', Categories: 'Technology, STEM', 'Confirmed Attendance': 9 })),
  row(base(10234800, { Title: 'Medicare 101', Date: '2025-04-02', 'Start Time': '1:00pm', 'End Time': '2:00pm', Location: 'Online', Audiences: 'Adults, Seniors', Categories: 'Health', 'Confirmed Attendance': 30 })),
  row(base(10234900, { Title: 'Summer Reading Kickoff', Date: '2025-06-14', 'Start Time': 'All Day Event', 'End Time': 'All Day Event', Location: 'Lawn', Audiences: 'All Ages', Categories: 'Summer Reading', 'Confirmed Attendance': 250 })),
].join('\r\n');

/** Five kinds of bad rows, the first one spanning two lines, and one good row. */
export const BAD = [
  csvLine(HEADER),
  row(base(20000001, { Title: '', Description: 'No title here,\nand two lines.' })),
  row(base(20000002, { Date: '2025-02-30' })),
  row(base(20000003, { 'Start Time': '3:00pm', 'End Time': '2:00pm' })),
  row(base(20000004, { Library: 'Westside Branch' })),
  row(base(20000005, { 'Confirmed Attendance': 'about 20' })),
  row(base(20000006)),
].join('\n');
