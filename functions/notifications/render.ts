import { forbiddenPhrasesIn } from './phrases.js';
import { templates, type Locale, type TemplateId } from './templates.js';

/**
 * A template's text with its variables filled in. Variables are validated against the template's schema,
 * every placeholder must be filled, and the result must contain no forbidden phrase: a message that fails
 * any of these is never sent.
 */
export function renderMessage(template: TemplateId, locale: Locale, variables: Record<string, unknown>): string {
  const definition = templates[template];
  const values = definition.variables.parse(variables) as Record<string, string>;
  const text = definition[locale].replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => values[name] ?? placeholder);
  const unfilled = text.match(/\{\{\w+\}\}/g);
  if (unfilled) throw new Error(`template ${template} (${locale}) has no value for ${unfilled.join(', ')}`);
  const forbidden = forbiddenPhrasesIn(text);
  if (forbidden.length > 0) throw new Error(`template ${template} (${locale}) contains forbidden phrases: ${forbidden.join(', ')}`);
  return text;
}

/** Money in fen as the yuan amount messages show. */
export const yuanOf = (fen: number) => (fen / 100).toFixed(2);
