import { stringify } from 'csv-stringify/sync';
import type ExcelJSModule from 'exceljs';
import type { Table } from './operations';

/** A calendar day (YYYY-MM-DD) as the UTC midnight a spreadsheet shows as that date. */
const dayValue = (v: unknown): Date | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null);

/**
 * CSV as spreadsheets read it: UTF-8 with a byte-order mark (Excel then
 * reads accents right), a header row of the API's field paths, numbers with
 * a decimal point and no grouping, dates as YYYY-MM-DD, booleans TRUE/FALSE,
 * null as an empty cell, CRLF line ends, and text that a spreadsheet would
 * run as a formula (=, +, -, @) prefixed with an apostrophe.
 */
export function toCsv(table: Table): Buffer {
  const text = stringify(table.rows, {
    bom: true,
    header: true,
    columns: table.columns.map((c) => c.name),
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: { boolean: (v) => (v ? 'TRUE' : 'FALSE'), number: (v) => String(v) },
  });
  return Buffer.from(text, 'utf8');
}

/**
 * An Excel workbook: the table on its first sheet (numbers as numbers,
 * dates as date cells shown YYYY-MM-DD, a frozen header row with a filter),
 * and a second sheet "about" naming the operation and its parameters.
 */
export async function toXlsx(table: Table, about: Record<string, string>): Promise<Buffer> {
  // Loaded on the first workbook: exceljs and its zip libraries are about 28 MB resident that a gateway
  // which never exports a workbook does not need.
  const ExcelJS = require('exceljs') as typeof ExcelJSModule;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'community-engagement-graph';
  wb.created = new Date();
  const ws = wb.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.columns.map((c) => ({ header: c.name, key: c.name, width: Math.max(12, c.name.length + 2), style: c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.type === 'number' ? { numFmt: 'General' } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    ws.addRow(row.map((v, i) => {
      if (v === null || v === undefined) return null;
      return table.columns[i].type === 'date' ? (dayValue(v) ?? v) : v;
    }));
  }
  if (table.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const info = wb.addWorksheet('about');
  info.columns = [{ header: 'parameter', key: 'k', width: 16 }, { header: 'value', key: 'v', width: 60 }];
  for (const [k, v] of Object.entries(about)) info.addRow([k, v]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
