import { Command, CommandRunner, Option } from 'nest-commander';
import { UsageError } from '../usage-error';
import { formatReport } from './check-report';
import { checkProvider } from './provider-check';

interface CheckOptions {
  baseUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  timeout?: number;
  json?: boolean;
}

@Command({
  name: 'check',
  description:
    'Check a OneRoster 1.1 provider (any, not only this one) as School Data Sync does: URL, credentials, data access, then a full sweep',
})
export class CheckCommand extends CommandRunner {
  async run(_args: string[], options: CheckOptions): Promise<void> {
    const missing = (['baseUrl', 'tokenUrl', 'clientId', 'clientSecret'] as const).filter((key) => !options[key]);
    if (missing.length > 0)
      throw new UsageError(`${missing.map(flag).join(', ')} ${missing.length > 1 ? 'are' : 'is'} required`);
    const report = await checkProvider({
      baseUrl: httpUrl('--base-url', options.baseUrl!),
      tokenUrl: httpUrl('--token-url', options.tokenUrl!),
      clientId: options.clientId!,
      clientSecret: options.clientSecret!,
      timeoutMs: (options.timeout ?? 15) * 1000,
    });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    // Warnings do not fail the check; only a failed step does (a script reads the exit code).
    process.exitCode = report.ok ? 0 : 1;
  }

  @Option({ flags: '--base-url <url>', description: 'the OneRoster base URL, ending in /ims/oneroster/v1p1' })
  parseBaseUrl(value: string) {
    return value;
  }

  @Option({ flags: '--token-url <url>', description: 'the OAuth2 token URL' })
  parseTokenUrl(value: string) {
    return value;
  }

  @Option({ flags: '--client-id <id>', description: 'the OAuth2 client id' })
  parseClientId(value: string) {
    return value;
  }

  @Option({ flags: '--client-secret <secret>', description: 'the OAuth2 client secret' })
  parseClientSecret(value: string) {
    return value;
  }

  @Option({ flags: '--timeout <seconds>', description: 'timeout of each HTTP request (default 15)' })
  parseTimeout(value: string) {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
      throw new UsageError(`--timeout ${value}: give seconds between 1 and 600`);
    return seconds;
  }

  @Option({ flags: '--json', description: 'print one JSON document with every result' })
  parseJson() {
    return true;
  }
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function httpUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} ${value}: not a URL (e.g. https://roster.example.org/ims/oneroster/v1p1)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`${option} ${value}: use an https:// URL`);
  return value;
}
