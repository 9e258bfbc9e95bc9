import { HealthReport, ReportLine } from './health-report';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Only https links are made clickable (every rule source is one); anything else stays text. */
const link = (url: string, text: string) =>
  /^https:\/\//.test(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(text)}</a>` : escapeHtml(text);

// Inline only: the file is mailed to a school and opened from disk, so it loads nothing.
const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.error{color:#a4000f;font-weight:600}.warning{color:#8a5300}
.value{font-family:ui-monospace,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
.ok{color:#0b6a0b;font-weight:600}`;

function row(cells: string[]): string {
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function lineRow(line: ReportLine): string {
  return row([
    escapeHtml(line.school),
    escapeHtml(`${line.collection} ${line.sourcedId}`),
    `<span class="${line.severity}">${line.severity}</span>`,
    escapeHtml(line.field),
    `<span class="value">${line.value === '' ? '<em>(empty)</em>' : escapeHtml(line.value)}</span>`,
    escapeHtml(line.effect),
    escapeHtml(line.fix),
    link(line.source, line.rule),
  ]);
}

/** The report as one self-contained HTML page (inline CSS, no script, no external assets), every value escaped. */
export function reportHtml(report: HealthReport): string {
  const { errors, warnings } = report.totals;
  const title = `SDS data health: ${report.tenant}`;
  const head = (names: string[]) => `<tr>${names.map((name) => `<th>${name}</th>`).join('')}</tr>`;
  const body =
    errors + warnings === 0
      ? `<p class="ok" id="verdict">Nothing School Data Sync would reject or warn about.</p>`
      : [
          `<p id="verdict"><span class="error">${errors} error(s)</span>: SDS drops the record. ` +
            `<span class="warning">${warnings} warning(s)</span>: SDS drops the value.</p>`,
          '<h2>Per school</h2>',
          `<table id="schools">${head(['School', 'Errors', 'Warnings'])}`,
          ...report.schools.map((s) => row([escapeHtml(s.school), String(s.errors), String(s.warnings)])),
          '</table>',
          '<h2>Every breach, with what to do</h2>',
          `<table id="lines">${head(['School', 'Record', 'Severity', 'Field', 'Value', 'Effect', 'What to do', 'Rule'])}`,
          ...report.lines.map(lineRow),
          '</table>',
        ].join('\n');
  const checked = Object.entries(report.checked)
    .map(([collection, n]) => `${n} ${collection}`)
    .join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Generated ${escapeHtml(report.generatedAt)} from what this tenant is served: ${escapeHtml(checked)} checked.</p>
${body}
</body></html>
`;
}
