// The one public entry of @ledger/commands.

export {
  type CommandAccepted,
  type CommandFailure,
  type CommandHandler,
  type CommandHandlerOptions,
  type CommandOutcome,
  type CommandRequest,
  createCommandHandler,
} from './handler.ts';
export { CorruptStreamError, type SliceState, type StreamState } from './streamStates.ts';
export { referencedStreams, streamOfCommand } from './streams.ts';
