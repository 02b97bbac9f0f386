import { screen } from './screen';

const s = (body: string, extra: Partial<Parameters<typeof screen>[0]> = {}) => screen({ subject: 'Feedback', body, ...extra });

describe('moderation screen', () => {
  it.each([
    ['call me at 503-555-0142', 'PHONE_NUMBER'],
    ['his cell is (541) 555 0199', 'PHONE_NUMBER'],
    ['llámame al +34 912 345 678', 'PHONE_NUMBER'],
    ['mi número es 55 1234 5678', 'PHONE_NUMBER'],
    ['ring 555-0142 after six', 'PHONE_NUMBER'],
    ['write to jane.doe@example.org please', 'EMAIL_ADDRESS'],
    ['escríbeme: maria (arroba) correo (punto) es', 'EMAIL_ADDRESS'],
    ['he lives at 1234 NE Elm Ave near the branch', 'STREET_ADDRESS'],
    ['the house at 12 Oak Street is hers', 'STREET_ADDRESS'],
    ['vive en la Calle Mayor 12, segundo piso', 'STREET_ADDRESS'],
    ['en la Avda. de la Paz, nº 4', 'STREET_ADDRESS'],
    ['the staff are idiots', 'ABUSE'],
    ['this place is shit', 'ABUSE'],
    ['eres un pendejo', 'ABUSE'],
    ['la bibliotecaria es una imbécil', 'ABUSE'],
    ['qué gilipollas', 'ABUSE'],
  ])('flags %j as %s', (body, flag) => {
    expect(s(body)).toContain(flag);
  });

  it('flags a full name next to a complaint, in English and Spanish', () => {
    expect(s('The librarian John Smith was rude and yelled at my kid.')).toContain('PERSON_NAME');
    expect(s('El bibliotecario Juan Pérez fue muy grosero conmigo.')).toContain('PERSON_NAME');
    expect(s('Mr. Smith at the desk ignored me for ten minutes.')).toContain('PERSON_NAME');
    expect(s('Staff member Jane Doe helped us find the book.', { rating: 1 })).toContain('PERSON_NAME');
    expect(s('Jane Doe at the desk', { sentiment: 'NEGATIVE' })).toContain('PERSON_NAME');
  });

  it('lets a name in praise through', () => {
    expect(s('Thanks to Maria Lopez for the great story time!', { rating: 5, sentiment: 'POSITIVE' })).toEqual([]);
  });

  it.each([
    'The new study rooms are wonderful, thank you!',
    'Please open on Sundays; the 2023-2024 season was great.',
    'ISBN 978-0-14-103614-4 is missing from the catalogue',
    'Open 9-5 on Saturdays, room 101 is cold',
    'El wifi de la sala de estudio se corta los sábados.',
    'I walk 2 blocks down Main Street to get here',
    'We need more books about drugs and addiction for teens',
    'Necesitamos un martillo en el taller',
    'The Scunthorpe history collection is great',
    'La clase de Concha fue muy buena',
  ])('passes ordinary feedback: %j', (body) => {
    expect(s(body, { rating: 4 })).toEqual([]);
  });

  it('catches the issue\'s post: a name, a phone number and an insult', () => {
    expect(s('The librarian John Smith (503-555-0142) is a useless idiot.')).toEqual(['PHONE_NUMBER', 'PERSON_NAME', 'ABUSE']);
  });
});
