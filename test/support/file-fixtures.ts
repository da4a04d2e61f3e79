// The spreadsheet fixtures of test/fixtures/files (made by LibreOffice and openpyxl, not by this
// project: see the README there), and the multipart body a browser form would send.
import { readFileSync } from 'node:fs';

export const FIXTURES = {
  /** LibreOffice, Excel 97–2003: cover sheet 封面, then 交易明细 with the bank's preamble; June 2024, closing 1,001,209.06. */
  statementXls: 'statement-cover-sheet.xls',
  /** LibreOffice, Excel 97–2003: cover sheet 填表说明, then 登记簿 with a title row; guarantees X1, X2. */
  registerXls: 'register-cover-sheet.xls',
  /** openpyxl: the title 聊城市融资担保业务登记簿（2024年6月） in row 1, the template's headers in row 2; T1, T2. */
  registerTitleRow: 'register-title-row.openpyxl.xlsx',
  /** LibreOffice, XLSX with rich-text shared strings and amounts typed as text; July 2024. */
  statementRichText: 'statement-rich-text.libreoffice.xlsx',
} as const;

export const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url));

/** A multipart/form-data body as a browser builds it (the file part and text fields). */
export const formBody = async (file: { bytes: Buffer; name: string; type: string }, fields: Record<string, string> = {}): Promise<{ body: Buffer; contentType: string }> => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
};
