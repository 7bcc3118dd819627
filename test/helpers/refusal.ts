/** A command line run in process with the real definitions, for the errors it ends with before any work. */

import { buildProgram, loadDefinitions } from '../../src/main.js';
import { memoryContext } from './context.js';
import { captureOutput } from './help.js';

/** The error `ackl2 ARGS` ends with (thrown by commander's parse or the command), and its stdout meanwhile. */
export async function refusal(args: string[]): Promise<{ error: unknown; stdout: string }> {
  const memory = memoryContext();
  const program = buildProgram(await loadDefinitions(args), (definition, options) => definition.run(options, memory.ctx));
  captureOutput(program);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return { error, stdout: memory.stdout() };
  } finally {
    memory.abort.abort();
  }
  throw new Error(`ackl2 ${args.join(' ')} was not refused`);
}
