import { admin, ApiError } from './api.js';
import { h } from './dom.js';
import { settings } from './settings.js';

/** The JSON Schema the admin API gives for each decision's body (functions/tasks/decisions.ts). */
interface FieldSchema {
  type?: string;
  enum?: string[];
  format?: string;
  maxLength?: number;
}
export interface DecisionForm {
  decision: string;
  schema: { properties?: Record<string, FieldSchema>; required?: string[] };
}
export interface OpenTask {
  taskId: string;
  kind: string;
  role: string;
  assignee?: string;
  dueAt: string;
  actions: DecisionForm[];
}

/** Filled in by the form itself or from the settings: not asked for again. */
const ASKED_ELSEWHERE = new Set(['decision', 'agentId']);

function input(name: string, field: FieldSchema, required: boolean): HTMLElement {
  const common = { name, required };
  if (field.enum) return h('select', common, required ? null : h('option', { value: '' }, '—'), field.enum.map((value) => h('option', { value }, value)));
  // The whole numbers a decision carries are money (an amount, a discount), in fen.
  if (field.type === 'integer' || field.type === 'number') return h('input', { ...common, type: 'number', min: 0, step: 1, placeholder: 'fen' });
  if (field.type === 'array') return h('textarea', { ...common, rows: 2, placeholder: 'one a line' });
  if (field.format === 'date-time') return h('input', { ...common, placeholder: '2026-11-23T15:00:00+08:00' });
  if ((field.maxLength ?? 0) > 200) return h('textarea', { ...common, rows: 2 });
  return h('input', common);
}

/** What the form holds, typed as the schema says, leaving out what was left empty. */
function bodyOf(form: HTMLFormElement, chosen: DecisionForm): Record<string, unknown> {
  const data = new FormData(form);
  const body: Record<string, unknown> = { decision: chosen.decision };
  for (const [name, field] of Object.entries(chosen.schema.properties ?? {})) {
    const value = String(data.get(name) ?? '').trim();
    if (ASKED_ELSEWHERE.has(name) || !value) continue;
    if (field.type === 'integer' || field.type === 'number') body[name] = Number(value);
    else if (field.type === 'array') body[name] = value.split('\n').map((line) => line.trim()).filter(Boolean);
    else body[name] = value;
  }
  if (settings.agentId && chosen.schema.properties?.agentId) body.agentId = settings.agentId;
  return body;
}

/**
 * A task's decision: one of the actions the transition table allows for it now, with the fields that action
 * needs. The API checks them again and says what is wrong; that message is shown as it is.
 */
export function decideForm(task: OpenTask, onDecided: (decision: string) => void): HTMLFormElement {
  const fields = h('div', { class: 'fields' });
  const message = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', disabled: true }, 'Decide');
  let chosen: DecisionForm | undefined;

  const choose = (action: DecisionForm) => {
    chosen = action;
    const required = new Set(action.schema.required ?? []);
    fields.replaceChildren(
      ...Object.entries(action.schema.properties ?? {})
        .filter(([name]) => !ASKED_ELSEWHERE.has(name))
        .map(([name, field]) => h('label', {}, h('span', {}, name, required.has(name) ? ' *' : ''), input(name, field, required.has(name)))),
    );
    submit.disabled = false;
    submit.textContent = `Decide: ${action.decision}`;
  };
  const choices = task.actions.map((action) =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'decision', value: action.decision, onchange: () => choose(action) }), action.decision),
  );

  const form = h('form', { class: 'decide', 'data-task': task.taskId }, h('fieldset', {}, h('legend', {}, 'Decision'), choices), fields, submit, message);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!chosen) return;
    const decision = chosen.decision;
    submit.disabled = true;
    message.textContent = '';
    admin('POST', `/admin/tasks/${encodeURIComponent(task.taskId)}`, bodyOf(form, chosen))
      .then(() => onDecided(decision))
      .catch((error: unknown) => {
        message.textContent = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
        submit.disabled = false;
      });
  });
  return form;
}
