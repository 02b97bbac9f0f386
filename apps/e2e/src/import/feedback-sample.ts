import { csvLine } from './libcal-sample';

/** The generic feedback CSV's columns (README.md, Import), all of them. */
export const HEADER = [
  'id', 'submitted_at', 'branch', 'channel', 'category', 'subject', 'text', 'rating', 'language', 'public', 'tags', 'status',
  'acknowledged_at', 'resolved_at', 'response', 'responded_at', 'response_visibility', 'contact_name', 'contact_email', 'contact_phone',
];
export const row = (o: Record<string, string | number>) => csvLine(HEADER.map((h) => o[h] ?? ''));

export const base = (id: string, over: Record<string, string | number> = {}) => ({
  id, submitted_at: '2025-02-03 14:20', branch: 'RVL-CEN', channel: 'SUGGESTION_BOX', category: 'COLLECTIONS', subject: 'More graphic novels',
  text: 'Please add more graphic novels for teens. My kids love them!', rating: 5, language: 'en', public: 'yes', tags: 'teens; comics', status: 'RECEIVED',
  ...over,
});

/** Five items: a resolved one with a public response, an in-progress complaint with a contact, one the screen holds, one in Spanish without subject or language, a declined one at another branch with an internal note. */
export const SAMPLE = [
  csvLine(HEADER),
  row(base('CARD-001', {
    status: 'RESOLVED', acknowledged_at: '2025-02-05 09:20', resolved_at: '2025-03-01 10:20', response: 'We ordered 40 new graphic novels; look for them on the teen shelves.',
    responded_at: '2025-03-01 10:20', response_visibility: 'PUBLIC',
  })),
  row(base('CARD-002', {
    submitted_at: '2025-02-10T18:30:00Z', channel: 'email', category: 'Facilities', subject: 'Elevator out of order',
    text: 'The elevator was out of order for two weeks.\nThat is terrible for wheelchair users.', rating: 1, language: '', tags: '', status: 'IN_PROGRESS',
    acknowledged_at: '2025-02-11T16:30:00Z', contact_name: 'Pat Doe', contact_email: 'pat@example.org', contact_phone: '+1 503 555 0199',
  })),
  row(base('CARD-003', { category: 'PROGRAMS', subject: 'Book club', text: 'Call me at 503-555-0142 about the evening book club.', rating: '', tags: '', submitted_at: '2025-02-12 11:00' })),
  row(base('CARD-004', {
    channel: 'In person', category: 'programs', subject: '', text: 'Me encanta la hora del cuento en español. ¡Gracias!', rating: 5, language: '', public: 'no', tags: '',
    submitted_at: '3/3/2025 10:00 AM',
  })),
  row(base('CARD-005', {
    branch: 'RVL-NOR', channel: 'ONLINE_FORM', category: 'HOURS', subject: 'Open earlier on Saturdays', text: 'Could the branch open at 9 on Saturdays?', rating: 3, public: 'no', tags: '',
    status: 'DECLINED', acknowledged_at: '2025-02-20 12:00', submitted_at: '2025-02-18 08:00', response: 'Staffing does not allow it this year.', response_visibility: 'INTERNAL',
  })),
].join('\r\n');

/** Eight kinds of bad rows and one good row. */
export const BAD = [
  csvLine(HEADER),
  row(base('BAD-01', { text: '' })),
  row(base('BAD-02', { submitted_at: '2025-02-30 10:00' })),
  row(base('BAD-03', { branch: 'RVL-XYZ' })),
  row(base('BAD-04', { channel: 'CARRIER_PIGEON' })),
  row(base('BAD-05', { rating: 7 })),
  row(base('BAD-06', { status: 'RECEIVED', resolved_at: '2025-03-01 10:00' })),
  row(base('BAD-07', { public: 'maybe' })),
  row(base('BAD-08', { contact_email: 'not-an-address' })),
  row(base('BAD-09')),
].join('\n');
