import type { ReactNode } from 'react';

export interface DataColumn<Row> {
  key: string;
  header: ReactNode;
  cell(row: Row): ReactNode;
  /** Names the cell for tests and for people comparing it with the API's JSON. */
  testId?(row: Row): string;
  /** The row's name (`<th scope="row">`): what a screen reader announces with each cell. */
  rowHeader?: boolean;
  /** Ids and codes: the data itself, neither translated nor mistaken for a label. */
  untranslated?: boolean;
}

/** Every table of the console: one scrollable, captioned table with column headers. */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  testId,
  rowType,
}: {
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string | number;
  caption?: string;
  testId?: string;
  /** Marks each row (`data-type`), e.g. with its event type. */
  rowType?(row: Row): string;
}) {
  return (
    // Focusable, so a keyboard can scroll a table wider than its card.
    <div className="table-scroll" tabIndex={0}>
      <table data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.key}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-type={rowType?.(row)}>
              {columns.map((column) => {
                const Cell = column.rowHeader ? 'th' : 'td';
                return (
                  <Cell
                    key={column.key}
                    scope={column.rowHeader ? 'row' : undefined}
                    data-testid={column.testId?.(row)}
                    translate={column.untranslated ? 'no' : undefined}
                  >
                    {column.cell(row)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
