import { CodeMinor } from './oneroster.errors';

/** The imsx status envelope of a failed request, exactly as spec-notes §3.3 spells it. */
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
