// Errors that cross a comlink boundary keep their RegimeLab code (E_CANCELLED, E_BAD_INPUT, …):
// comlink's default 'throw' handler keeps only name, message and stack. Installed on both sides.

import * as Comlink from 'comlink';
import { deserializeError, serializeError, type SerializedError } from '../core/errors.ts';

type Thrown = { value: unknown };

export function installErrorTransfer(): void {
  // comlink does not export its throw marker; its own handler knows how to recognise a thrown value.
  const builtin = Comlink.transferHandlers.get('throw');
  if (!builtin || (builtin as { regimelab?: boolean }).regimelab) return;
  Comlink.transferHandlers.set('throw', {
    regimelab: true,
    canHandle: (value: unknown): value is Thrown => builtin.canHandle(value),
    serialize: ({ value }: Thrown) => [serializeError(value), []],
    deserialize: (serialized: unknown) => {
      throw deserializeError(serialized as SerializedError);
    },
  } as Comlink.TransferHandler<Thrown, SerializedError> & { regimelab: true });
}
