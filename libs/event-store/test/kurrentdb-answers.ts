/**
 * Server answers as they reach the real client, for unit tests without a server: a gRPC
 * ServiceError carrying the status details KurrentDB's v2 API sends, turned into the client's own
 * error by its own `convertToCommandError`.
 */
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { convertToCommandError } from '@kurrent/kurrentdb-client';
import errors from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/errors_pb.js';

function varint(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; ; rest >>>= 7) {
    if (rest < 0x80) return Buffer.from([...bytes, rest]);
    bytes.push((rest & 0x7f) | 0x80);
  }
}

const bytesField = (field: number, payload: Uint8Array) => Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
const anyDetail = (typeName: string, value: Uint8Array) =>
  bytesField(3, Buffer.concat([bytesField(1, Buffer.from(`type.googleapis.com/${typeName}`)), bytesField(2, value)]));

/**
 * A `google.rpc.Status` as the server's `RpcExceptions.FromError` builds it: an `ErrorInfo` first,
 * then the error's own details, in the `grpc-status-details-bin` trailer.
 */
function serviceError(code: GrpcStatus, message: string, reason: string, detail: [typeName: string, value: Uint8Array]): ServiceError {
  const status = Buffer.concat([
    varint((1 << 3) | 0),
    varint(code),
    bytesField(2, Buffer.from(message)),
    anyDetail('google.rpc.ErrorInfo', bytesField(1, Buffer.from(reason))),
    anyDetail(...detail),
  ]);
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', status);
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${message}`), { code, details: message, metadata });
}

/** A follower's refusal of a multi-stream append, as client 1.3.1 hands it over. */
export function notLeaderAnswer(host = 'node-2.cluster', port = 2113): Error {
  const leader = new errors.NotLeaderNodeErrorDetails.NodeInfo().setHost(host).setPort(port);
  const details = new errors.NotLeaderNodeErrorDetails().setCurrentLeader(leader);
  return convertToCommandError(
    serviceError(
      GrpcStatus.FAILED_PRECONDITION,
      `The server is not the leader node. Please retry against ${host}:${port}`,
      'NOT_LEADER_NODE',
      ['kurrent.rpc.NotLeaderNodeErrorDetails', details.serializeBinary()],
    ),
  );
}

/** Another FAILED_PRECONDITION the client does not know either: not a leader change. */
export function streamAlreadyInSessionAnswer(stream = 'battery-1'): Error {
  return convertToCommandError(
    serviceError(GrpcStatus.FAILED_PRECONDITION, `Stream ${stream} is already in the append session`, 'STREAM_ALREADY_IN_APPEND_SESSION', [
      'kurrentdb.protocol.v2.streams.errors.StreamAlreadyInAppendSessionErrorDetails',
      bytesField(1, Buffer.from(stream)),
    ]),
  );
}
