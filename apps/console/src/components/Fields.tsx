import type { ReactNode } from 'react';
import { VALUES, type FieldSpec, type FormValue, type TestRow, type ZoneRow } from '../commands';
import { useI18n } from '../i18n';

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

const invalid = (name: string, errors: FieldErrors) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(name) } : {});

function Labelled({ name, label, required, errors, children }: { name: string; label: string; required?: boolean; errors: FieldErrors; children: ReactNode }) {
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

function Choice({ name, set, value, onChange, errors, label }: { name: string; set: keyof typeof VALUES; value: string; onChange(value: string): void; errors: FieldErrors; label?: string }) {
  const { t, tv } = useI18n();
  return (
    <select id={inputId(name)} name={name} value={value} onChange={(event) => onChange(event.target.value)} aria-label={label} {...invalid(name, errors)}>
      <option value="">{t('work.choose')}</option>
      {VALUES[set].map((option) => (
        <option key={option} value={option}>
          {tv(set, option)}
        </option>
      ))}
    </select>
  );
}

function TestRows({ rows, onChange, errors }: { rows: TestRow[]; onChange(rows: TestRow[]): void; errors: FieldErrors }) {
  const { t, tf } = useI18n();
  const update = (index: number, patch: Partial<TestRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="rows">
      <legend>{tf('tests')}</legend>
      <FieldError name="tests" errors={errors} />
      {rows.map((row, index) => (
        <div className="row" key={index}>
          {(['name', 'result'] as const).map((part) => (
            <Labelled key={part} name={`tests.${index}.${part}`} label={`${tf(part)} ${index + 1}`} errors={errors} required>
              <Choice name={`tests.${index}.${part}`} set={part === 'name' ? 'testName' : 'passFail'} value={row[part]} onChange={(value) => update(index, { [part]: value })} errors={errors} />
            </Labelled>
          ))}
          {(['value', 'unit'] as const).map((part) => (
            <Labelled key={part} name={`tests.${index}.${part}`} label={`${tf(part)} ${index + 1}`} errors={errors}>
              <input id={inputId(`tests.${index}.${part}`)} name={`tests.${index}.${part}`} value={row[part]} onChange={(event) => update(index, { [part]: event.target.value })} {...invalid(`tests.${index}.${part}`, errors)} />
            </Labelled>
          ))}
          <button type="button" onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            {t('work.remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { name: '', result: '', value: '', unit: '' }])}>
        {t('work.addTest')}
      </button>
    </fieldset>
  );
}

function ZoneRows({ rows, onChange, errors }: { rows: ZoneRow[]; onChange(rows: ZoneRow[]): void; errors: FieldErrors }) {
  const { t, tf } = useI18n();
  const update = (index: number, patch: Partial<ZoneRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="rows">
      <legend>{tf('zones')}</legend>
      <FieldError name="zones" errors={errors} />
      {rows.map((row, index) => (
        <div className="row" key={index}>
          <Labelled name={`zones.${index}.zone`} label={`${tf('zone')} ${index + 1}`} errors={errors} required>
            <input id={inputId(`zones.${index}.zone`)} name={`zones.${index}.zone`} value={row.zone} onChange={(event) => update(index, { zone: event.target.value })} {...invalid(`zones.${index}.zone`, errors)} />
          </Labelled>
          <Labelled name={`zones.${index}.kind`} label={`${tf('kind')} ${index + 1}`} errors={errors} required>
            <Choice name={`zones.${index}.kind`} set="zoneKind" value={row.kind} onChange={(kind) => update(index, { kind })} errors={errors} />
          </Labelled>
          <Labelled name={`zones.${index}.capacity`} label={`${tf('capacity')} ${index + 1}`} errors={errors} required>
            <input id={inputId(`zones.${index}.capacity`)} name={`zones.${index}.capacity`} type="number" value={row.capacity} onChange={(event) => update(index, { capacity: event.target.value })} {...invalid(`zones.${index}.capacity`, errors)} />
          </Labelled>
          <button type="button" onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            {t('work.remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { zone: '', kind: 'standard', capacity: '' }])}>
        {t('work.addZone')}
      </button>
    </fieldset>
  );
}

const INPUT_TYPES = { text: 'text', number: 'number', date: 'date', datetime: 'datetime-local', list: 'text' } as const;

/** One field of a command form, by its kind; `suggestions` feed a datalist (known sites, free slots). */
export function Field({ spec, value, onChange, errors, suggestions }: { spec: FieldSpec; value: FormValue | undefined; onChange(value: FormValue): void; errors: FieldErrors; suggestions?: string[] }) {
  const { t, tf, tv } = useI18n();
  const { name } = spec;
  if (spec.kind === 'tests') return <TestRows rows={(value as TestRow[] | undefined) ?? []} onChange={onChange} errors={errors} />;
  if (spec.kind === 'zones') return <ZoneRows rows={(value as ZoneRow[] | undefined) ?? []} onChange={onChange} errors={errors} />;
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
            <input type="checkbox" name={name} value={option} checked={chosen.includes(option)} onChange={(event) => onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))} />
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
