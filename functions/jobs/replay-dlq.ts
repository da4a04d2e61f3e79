// DLQ tools: list the messages parked in a consumer's DLQ and redrive them to its queue.
// Works against SQS and the local emulator alike (fauxqs has no StartMessageMoveTask), using
// only ReceiveMessage, SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type ConsumerName, dlqName, ROUTES } from '../shared/routing';

export interface DlqUrls {
  queueUrl: string;
  dlqUrl: string;
}

export interface DlqMessage {
  messageId: string;
  receiveCount: number;
  sentAt: string;
  /** "streamId@version type" when the body is a bus event, else the body's start. */
  summary: string;
  body: string;
}

/** Hides listed messages long enough for one listing to see each message once. */
const LIST_VISIBILITY_SECONDS = 30;

export const dlqUrlsOf = async (sqs: SQSClient, consumer: ConsumerName): Promise<DlqUrls> => {
  const settings = ROUTES[consumer].queue;
  const [queue, dlq] = await Promise.all([
    sqs.send(new GetQueueUrlCommand({ QueueName: settings.queueName })),
    sqs.send(new GetQueueUrlCommand({ QueueName: dlqName(settings) })),
  ]);
  if (queue.QueueUrl === undefined || dlq.QueueUrl === undefined) throw new Error(`queues of ${consumer} not found`);
  return { queueUrl: queue.QueueUrl, dlqUrl: dlq.QueueUrl };
};

const summarise = (body: string): string => {
  try {
    const parsed = JSON.parse(body) as { detail?: { streamId?: unknown; version?: unknown; type?: unknown } };
    const detail = parsed.detail;
    if (detail !== undefined && typeof detail.streamId === 'string') return `${detail.streamId}@${String(detail.version)} ${String(detail.type)}`;
  } catch {
    // not JSON: fall through to the raw start
  }
  return body.slice(0, 80);
};

const receive = async (sqs: SQSClient, url: string): Promise<Message[]> =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: LIST_VISIBILITY_SECONDS,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    )
  ).Messages ?? [];

/** Lists up to `limit` DLQ messages without removing them (they are made visible again at the end). */
export const listDlq = async (sqs: SQSClient, urls: DlqUrls, limit = 100): Promise<DlqMessage[]> => {
  const seen: Message[] = [];
  while (seen.length < limit) {
    const batch = await receive(sqs, urls.dlqUrl);
    if (batch.length === 0) break;
    seen.push(...batch);
  }
  for (let start = 0; start < seen.length; start += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: urls.dlqUrl,
        Entries: seen.slice(start, start + 10).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
  return seen.map((message) => ({
    messageId: message.MessageId ?? '',
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    sentAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)).toISOString(),
    summary: summarise(message.Body ?? ''),
    body: message.Body ?? '',
  }));
};

/**
 * Moves DLQ messages back to the consumer's queue: send first, then delete, so a crash in between
 * duplicates a message (harmless: consumers keep cursors) and never loses one.
 */
export const redriveDlq = async (sqs: SQSClient, urls: DlqUrls, limit = 1_000): Promise<{ moved: number }> => {
  let moved = 0;
  while (moved < limit) {
    const batch = (await receive(sqs, urls.dlqUrl)).slice(0, limit - moved);
    if (batch.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: urls.queueUrl,
        Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: message.Body ?? '' })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((entry) => entry.Id));
    const toDelete = batch.filter((_, index) => ok.has(String(index)));
    if (toDelete.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: urls.dlqUrl,
          Entries: toDelete.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
    moved += toDelete.length;
    if ((sent.Failed ?? []).length > 0) throw new Error(`redrive: ${sent.Failed?.length} messages could not be sent back; they stay in the DLQ`);
  }
  return { moved };
};
