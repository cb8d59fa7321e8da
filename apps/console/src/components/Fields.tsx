import type { ReactNode } from 'react';
import { VALUES, type FieldSpec, type FormValue, type TestRow, type ZoneRow } from '../commands';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';

export type FieldErrors = Record<string, string>;

const inputId = (name: string) => `field-${name.replace(/\W/g, '-')}`;
const errorId = (name: string) => `${inputId(name)}-error`;

/** The server's reason for a field (errors[].field), announced and tied to the input. */
function FieldError({ name, errors }: { name: string; errors: FieldErrors }) {
  return errors[name] ? (
    <span className="field-error" id={errorId(name)} role="alert" data-field={name}>
      {errors[name]}
    </span>
  ) : null;
}

const invalid = (name: string, errors: FieldErrors) =>
  errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(name) } : {};

function Labelled({
  name,
  label,
  required,
  errors,
  children,
}: {
  name: string;
  label: string;
  required?: boolean;
  errors: FieldErrors;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className={errors[name] ? 'field has-error' : 'field'}>
      <label htmlFor={inputId(name)}>
        {label}
        {required && <span className="required"> ({t('work.required')})</span>}
      </label>
      {children}
      <FieldError name={name} errors={errors} />
    </div>
  );
}

function Choice({
  name,
  set,
  value,
  onChange,
  errors,
  label,
}: {
  name: string;
  set: keyof typeof VALUES;
  value: string;
  onChange(value: string): void;
  errors: FieldErrors;
  label?: string;
}) {
  const { t, tv } = useI18n();
  return (
    <select
      id={inputId(name)}
      name={name}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-label={label}
      {...invalid(name, errors)}
    >
      <option value="">{t('work.choose')}</option>
      {VALUES[set].map((option) => (
        <option key={option} value={option}>
          {tv(set, option)}
        </option>
      ))}
    </select>
  );
}

interface Column {
  part: string;
  /** A value set makes the column a choice. */
  set?: keyof typeof VALUES;
  required?: boolean;
  number?: boolean;
}

/** An array field (a diagnosis's tests, a site's zones): one row per item, errors at `name.<index>.<part>`. */
function Rows<Row extends object>({
  name,
  columns,
  empty,
  add,
  rows,
  onChange,
  errors,
}: {
  name: string;
  columns: Column[];
  empty: Row;
  add: MessageKey;
  rows: Row[];
  onChange(rows: Row[]): void;
  errors: FieldErrors;
}) {
  const { t, tf } = useI18n();
  const update = (index: number, part: string, value: string) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, [part]: value } : row)));
  return (
    <fieldset className="rows">
      <legend>{tf(name)}</legend>
      <FieldError name={name} errors={errors} />
      {rows.map((row, index) => (
        <div className="row" key={index}>
          {columns.map(({ part, set, required, number }) => {
            const path = `${name}.${index}.${part}`;
            const value = (row as Record<string, string>)[part] ?? '';
            return (
              <Labelled key={part} name={path} label={`${tf(part)} ${index + 1}`} errors={errors} required={required}>
                {set ? (
                  <Choice name={path} set={set} value={value} onChange={(chosen) => update(index, part, chosen)} errors={errors} />
                ) : (
                  <input
                    id={inputId(path)}
                    name={path}
                    type={number ? 'number' : 'text'}
                    value={value}
                    onChange={(event) => update(index, part, event.target.value)}
                    {...invalid(path, errors)}
                  />
                )}
              </Labelled>
            );
          })}
          <button type="button" onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            {t('work.remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, empty])}>
        {t(add)}
      </button>
    </fieldset>
  );
}

const TEST_COLUMNS: Column[] = [
  { part: 'name', set: 'testName', required: true },
  { part: 'result', set: 'passFail', required: true },
  { part: 'value' },
  { part: 'unit' },
];
const ZONE_COLUMNS: Column[] = [
  { part: 'zone', required: true },
  { part: 'kind', set: 'zoneKind', required: true },
  { part: 'capacity', required: true, number: true },
];
export const EMPTY_TEST: TestRow = { name: '', result: '', value: '', unit: '' };
export const EMPTY_ZONE: ZoneRow = { zone: '', kind: 'standard', capacity: '' };

const INPUT_TYPES = { text: 'text', number: 'number', date: 'date', datetime: 'datetime-local', list: 'text' } as const;

/** One field of a command form, by its kind; `suggestions` feed a datalist (known sites, free slots). */
export function Field({
  spec,
  value,
  onChange,
  errors,
  suggestions,
}: {
  spec: FieldSpec;
  value: FormValue | undefined;
  onChange(value: FormValue): void;
  errors: FieldErrors;
  suggestions?: string[];
}) {
  const { t, tf, tv } = useI18n();
  const { name } = spec;
  if (spec.kind === 'tests')
    return (
      <Rows
        name={name}
        columns={TEST_COLUMNS}
        empty={EMPTY_TEST}
        add="work.addTest"
        rows={(value as TestRow[] | undefined) ?? []}
        onChange={onChange}
        errors={errors}
      />
    );
  if (spec.kind === 'zones')
    return (
      <Rows
        name={name}
        columns={ZONE_COLUMNS}
        empty={EMPTY_ZONE}
        add="work.addZone"
        rows={(value as ZoneRow[] | undefined) ?? []}
        onChange={onChange}
        errors={errors}
      />
    );
  if (spec.kind === 'checkboxes') {
    const chosen = (value as string[] | undefined) ?? [];
    return (
      <fieldset className={errors[name] ? 'field has-error' : 'field'} {...invalid(name, errors)}>
        <legend>
          {tf(name)}
          {spec.required && <span className="required"> ({t('work.required')})</span>}
        </legend>
        {VALUES[spec.values!].map((option) => (
          <label key={option} className="check">
            <input
              type="checkbox"
              name={name}
              value={option}
              checked={chosen.includes(option)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))}
            />
            {tv(spec.values!, option)}
          </label>
        ))}
        <FieldError name={name} errors={errors} />
      </fieldset>
    );
  }
  const label = spec.kind === 'list' ? `${tf(name)} (${t('work.listHint')})` : tf(name);
  return (
    <Labelled name={name} label={label} required={spec.required} errors={errors}>
      {spec.kind === 'select' ? (
        <Choice name={name} set={spec.values!} value={(value as string | undefined) ?? ''} onChange={onChange} errors={errors} />
      ) : (
        <>
          <input
            id={inputId(name)}
            name={name}
            type={INPUT_TYPES[spec.kind as keyof typeof INPUT_TYPES]}
            step={spec.kind === 'number' ? 'any' : spec.kind === 'datetime' ? '1' : undefined}
            value={(value as string | undefined) ?? ''}
            onChange={(event) => onChange(event.target.value)}
            list={suggestions ? `${inputId(name)}-list` : undefined}
            {...invalid(name, errors)}
          />
          {suggestions && (
            <datalist id={`${inputId(name)}-list`}>
              {suggestions.map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
          )}
        </>
      )}
    </Labelled>
  );
}
