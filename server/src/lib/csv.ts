/**
 * Spreadsheet-safe CSV for the portal's exports (issue 3): UTF-8 with BOM, `;`-separated (Belgian
 * Excel), CRLF line ends, a header row. A cell that would start a formula (=, +, -, @, tab, CR) is
 * neutralised with a leading apostrophe; cells with `;`, quotes or line breaks are quoted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(';');
}

/** The whole document: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: Iterable<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
