import type { Interrupt } from './interrupt';
import type { CliIo } from './io';

/** What every command runs with. */
export interface CommandContext {
  io: CliIo;
  interrupt: Interrupt;
}
