/** The imsx envelope a failed OneRoster request must answer with (any description). */
export function expectedStatusInfo(codeMinor: string) {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: expect.any(String),
    imsx_CodeMinor: {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }],
    },
  };
}
import { expect } from 'vitest';
