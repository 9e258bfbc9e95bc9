import { CodeMinor } from './oneroster.errors';

/** The imsx status envelope of a failed request, as the OneRoster 1.1 REST binding spells it (docs/api.md). */
export interface StatusInfo {
  imsx_codeMajor: 'failure';
  imsx_severity: 'error';
  imsx_description: string;
  imsx_CodeMinor: {
    imsx_codeMinorField: { imsx_codeMinorFieldName: 'TargetEndSystem'; imsx_codeMinorFieldValue: CodeMinor }[];
  };
}

export function statusInfo(codeMinor: CodeMinor, description: string): StatusInfo {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_CodeMinor: {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }],
    },
  };
}

/** JSON Schema of the imsx envelope, for the OpenAPI document. */
export const STATUS_INFO_SCHEMA = {
  type: 'object',
  required: ['imsx_codeMajor', 'imsx_severity', 'imsx_CodeMinor'],
  properties: {
    imsx_codeMajor: { type: 'string', enum: ['failure'] },
    imsx_severity: { type: 'string', enum: ['error'] },
    imsx_description: { type: 'string' },
    imsx_CodeMinor: {
      type: 'object',
      required: ['imsx_codeMinorField'],
      properties: {
        imsx_codeMinorField: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['imsx_codeMinorFieldName', 'imsx_codeMinorFieldValue'],
            properties: {
              imsx_codeMinorFieldName: { type: 'string', enum: ['TargetEndSystem'] },
              imsx_codeMinorFieldValue: {
                type: 'string',
                enum: [
                  'invalid_filter_field',
                  'invalid_selection_field',
                  'invaliddata',
                  'unauthorisedrequest',
                  'forbidden',
                  'server_busy',
                  'unknownobject',
                  'internal_server_error',
                ],
              },
            },
          },
        },
      },
    },
  },
};
