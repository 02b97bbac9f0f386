import { fts5Query, mysqlQuery, parseSearch, searchDocument } from './fulltext';

describe('full-text search: folded text and index queries', () => {
  it('folds the document: case, accents, compounds joined, short words padded for InnoDB', () => {
    expect(searchDocument('Wi-Fi del SÁBADO', 'La TV no va; e-books/audiolibros', 'lectura-digital')).toBe(
      'wi_ fi_ wifi del sabado la_ tv_ no_ va_ e__ books audiolibros ebooks booksaudiolibros ebooksaudiolibros lectura digital lecturadigital',
    );
  });

  it('parses a query into folded words, compounds joined, with a joined alternative for two or three words', () => {
    expect(parseSearch('  Wi-Fi  ')).toEqual({ terms: ['wifi'], joined: null });
    expect(parseSearch('wi fi')).toEqual({ terms: ['wi', 'fi'], joined: 'wifi' });
    expect(parseSearch('niños ESPAÑOL')).toEqual({ terms: ['ninos', 'espanol'], joined: 'ninosespanol' });
    expect(parseSearch('"x" OR y* NEAR(z)')).toEqual({ terms: ['x', 'or', 'y', 'nearz'], joined: null });
    expect(parseSearch('!!! ***').terms).toEqual([]);
  });

  it('builds index queries from words only: the last word a prefix', () => {
    expect(fts5Query(parseSearch('wi fi'))).toBe('("wi" AND "fi"*) OR "wifi"*');
    expect(mysqlQuery(parseSearch('wi fi'))).toBe('+((+wi_ +fi*) wifi*)');
    expect(mysqlQuery(parseSearch('sábado'))).toBe('+sabado*');
    expect(fts5Query(parseSearch('de la biblioteca municipal'))).toBe('"de" AND "la" AND "biblioteca" AND "municipal"*');
  });
});
