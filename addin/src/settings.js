// The task pane's settings, kept in the workbook itself (Office.context.document.settings), so a
// workbook carries its as-of period and tolerances to whoever opens it next. A null setting means
// "the core's default" (docs/statuses.md): the defaults are the core's, not repeated here.

/** The settings key; the value is one object of the fields below. */
export const SETTINGS_KEY = 'kpimap.settings';

/** Every setting, null when not set (the core's default applies). */
export const SETTING_FIELDS = Object.freeze(['as_of', 'travel_tolerance', 'rag_amber', 'rag_red']);

/** A setting the task pane refuses to save; the message names the field. */
export class SettingsError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * Checks and normalises settings: as_of is text (its meaning as a period is the core's to judge:
 * the task pane runs it through core.period before saving) or null; each tolerance a finite
 * number >= 0 or null. Unknown fields are refused, so a typo is not saved silently.
 */
export function normaliseSettings(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SettingsError('settings must be an object');
  }
  const unknown = Object.keys(input).filter((key) => !SETTING_FIELDS.includes(key));
  if (unknown.length > 0) throw new SettingsError(`unknown setting ${unknown.join(', ')}`);
  const out = {};
  for (const field of SETTING_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null || value === '') {
      out[field] = null;
    } else if (field === 'as_of') {
      if (typeof value !== 'string') throw new SettingsError('as_of: a period as text, such as 2021/22');
      out[field] = value.trim();
    } else {
      const number = typeof value === 'string' ? Number(value.trim()) : value;
      if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
        throw new SettingsError(`${field}: a number of 0 or more, such as 0.05, not '${value}'`);
      }
      out[field] = number;
    }
  }
  return out;
}

/** The workbook's settings; every field null in a workbook that has none. */
export function loadSettings(office = globalThis.Office) {
  const stored = office.context.document.settings.get(SETTINGS_KEY);
  if (stored === null || stored === undefined) return normaliseSettings({});
  try {
    return normaliseSettings(stored);
  } catch {
    // Settings written by another version or edited by hand: start again from the defaults
    // rather than refuse to open the pane.
    return normaliseSettings({});
  }
}

/** Stores settings in the workbook and saves them; resolves with what was stored. */
export function saveSettings(settings, office = globalThis.Office) {
  const value = normaliseSettings(settings);
  const store = office.context.document.settings;
  store.set(SETTINGS_KEY, value);
  return new Promise((resolve, reject) => {
    store.saveAsync((result) => {
      if (result && result.status === office.AsyncResultStatus.Succeeded) resolve(value);
      else reject(new SettingsError(`could not save the settings: ${result?.error?.message ?? 'Office gave no reason'}`));
    });
  });
}
