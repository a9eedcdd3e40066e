import { z } from 'zod';
import type { KindDeclaration } from '../model/model-fragment.js';
import { entityRef, text } from './schema-parts.js';

const condition = z
  .union([z.string(), z.boolean()])
  .describe('A templated condition; the item is skipped when it evaluates to false.');
const permissions = z
  .object({ tags: z.array(z.string()).describe('Permission tags guarding this part.').optional() })
  .describe('Permission tags for this part of the template.');
const formPage = z
  .object({ 'backstage:permissions': permissions.optional() })
  .describe('A JSON Schema form page collecting parameters.');
const anyObject = z.record(z.string(), z.unknown());

/** The scaffolder's Template kind (`scaffolder.backstage.io/v1beta3`). */
export const templateKind: KindDeclaration = {
  kind: 'Template',
  apiVersions: ['scaffolder.backstage.io/v1beta3'],
  description: 'A software template: a parameter form and the steps that create something from it.',
  spec: z.object({
    type: text('What the template creates, e.g. service, website, library.'),
    owner: entityRef('The group or user that owns the template; the kind defaults to Group.').optional(),
    lifecycle: text('Its life stage, e.g. experimental, production.').optional(),
    parameters: z
      .union([formPage, z.array(formPage)])
      .describe('The form: one JSON Schema object, or a list of pages.')
      .optional(),
    steps: z
      .array(
        z.object({
          id: z.string().describe('Names the step so later steps and the output can refer to it.').optional(),
          name: z.string().describe('Shown while the step runs.').optional(),
          action: z.string().describe('The id of the action to run, e.g. fetch:template.'),
          input: anyObject.describe('The action input; values may be templated.').optional(),
          if: condition.optional(),
          'backstage:permissions': permissions.optional(),
        }),
      )
      .describe('The steps to run, in order.'),
    output: z
      .object({
        links: z
          .array(
            z.object({
              url: text('A URL to open.').optional(),
              entityRef: text('An entity to open in the catalog.').optional(),
              title: text('The link text.').optional(),
              icon: text('The name of an icon.').optional(),
              if: condition.optional(),
            }),
          )
          .describe('Links shown when the run finishes.')
          .optional(),
        text: z
          .array(
            z.object({
              title: text('A heading.').optional(),
              icon: text('The name of an icon.').optional(),
              content: z.string().describe('Markdown to show.').optional(),
              if: condition.optional(),
            }),
          )
          .describe('Text blocks shown when the run finishes.')
          .optional(),
      })
      .catchall(z.string())
      .describe('What to show when the run finishes; other keys are templated strings.')
      .optional(),
    secrets: z
      .object({ schema: anyObject.describe('A JSON Schema for secret inputs.').optional() })
      .describe('Secret inputs that are never stored with the task.')
      .optional(),
    presentation: z
      .object({
        buttonLabels: z
          .object({
            backButtonText: z.string().optional(),
            createButtonText: z.string().optional(),
            reviewButtonText: z.string().optional(),
          })
          .describe('Custom labels for the form buttons.')
          .optional(),
      })
      .describe('How the form looks.')
      .optional(),
    formDecorators: z
      .array(anyObject)
      .describe('Decorators that run before the form is submitted.')
      .optional(),
    EXPERIMENTAL_formDecorators: z.array(anyObject).describe('Deprecated: use formDecorators.').optional(),
    EXPERIMENTAL_recovery: anyObject.describe('What to do with tasks interrupted by a restart.').optional(),
  }),
};
