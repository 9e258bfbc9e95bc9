import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { generateBoard } from './board-generator';

interface GenerateOptions {
  students: number;
  seed: number;
}

@SubCommand({
  name: 'generate',
  arguments: '<dir>',
  description: 'Write a synthetic Flemish school board as a OneRoster 1.1 CSV bundle',
})
export class DemoGenerateCommand extends CommandRunner {
  async run([dir]: string[], options: GenerateOptions): Promise<void> {
    const started = Date.now();
    const summary = await generateBoard(dir, { students: options.students ?? 360, seed: options.seed ?? 1 });
    console.table(summary);
    console.log(`Wrote ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  @Option({ flags: '--students <n>', description: 'number of students (default 360)' })
  parseStudents(value: string): number {
    return wholeNumber(value, '--students');
  }

  @Option({ flags: '--seed <n>', description: 'seed: the same seed writes the same board (default 1)' })
  parseSeed(value: string): number {
    return wholeNumber(value, '--seed');
  }
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${flag} takes a whole number, got "${value}"`);
  return Number(value);
}

@Command({ name: 'demo', description: 'Demo and benchmark data', subCommands: [DemoGenerateCommand] })
export class DemoCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
