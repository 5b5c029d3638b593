import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { CloudFormationTemplate } from '../../cdk/synth.js';

/**
 * The state machines of the run's synthesized template, by logical id, as parsed ASL. References to other
 * resources (function ARNs) read `ref`: the shape of a machine does not depend on them.
 */
export function synthesizedStateMachines(): Map<string, unknown> {
  const template = JSON.parse(readFileSync(inject('templateFile'), 'utf8')) as CloudFormationTemplate;
  const machines = new Map<string, unknown>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const definition = (resource.Properties as { DefinitionString: unknown }).DefinitionString;
    const text = typeof definition === 'string' ? definition : (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'ref')).join('');
    machines.set(id, JSON.parse(text) as unknown);
  }
  return machines;
}
