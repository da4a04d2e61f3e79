// One SQS queue and DLQ per consumer on fauxqs (an in-process SQS emulator), with the visibility
// timeouts and redrive policies of functions/shared/routing.ts. fauxqs keeps messages in memory only:
// what is in a queue when the local stack stops is recovered from the DynamoDB stream position
// (written only after enqueueing) and the projectors' cursors, see docs/event-flow.md.
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { CONSUMERS, type ConsumerName, dlqName, type QueueSettings, ROUTES } from '../../functions/shared/routing';
import { LOCAL_REGION } from './local-pipe';
import { LOCAL_CLIENT_AUTH } from '../../functions/store/local-client-auth';

export interface LocalQueue {
  consumer: ConsumerName;
  settings: QueueSettings;
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
  dlqArn: string;
}

export interface LocalQueues {
  endpoint: string;
  sqs: SQSClient;
  queues: Record<ConsumerName, LocalQueue>;
  stop(): Promise<void>;
}

/** Settings tests may shorten (e.g. a 1 s visibility timeout) so poison paths run in seconds. */
export type QueueOverrides = Partial<Pick<QueueSettings, 'visibilityTimeoutSeconds' | 'maxReceiveCount' | 'batchSize' | 'maxConcurrency'>>;

export const createSqsClient = (endpoint: string): SQSClient =>
  new SQSClient({
    endpoint,
    region: LOCAL_REGION,
    ...LOCAL_CLIENT_AUTH,
    maxAttempts: 3,
  });

export const startLocalQueues = async (overrides: QueueOverrides = {}, port = 0): Promise<LocalQueues> => {
  const server = await startFauxqs({ port, logger: false, defaultRegion: LOCAL_REGION });
  const queues = {} as Record<ConsumerName, LocalQueue>;
  for (const consumer of CONSUMERS) {
    const settings: QueueSettings = { ...ROUTES[consumer].queue, ...overrides };
    const dlq = server.createQueue(dlqName(settings), {
      attributes: { MessageRetentionPeriod: String(settings.dlqRetentionDays * 86_400) },
    });
    const main = server.createQueue(settings.queueName, {
      attributes: {
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: settings.maxReceiveCount }),
      },
    });
    queues[consumer] = {
      consumer,
      settings,
      queueUrl: main.queueUrl,
      queueArn: main.queueArn,
      dlqUrl: dlq.queueUrl,
      dlqArn: dlq.queueArn,
    };
  }
  const sqs = createSqsClient(server.address);
  return {
    endpoint: server.address,
    sqs,
    queues,
    stop: async () => {
      sqs.destroy();
      await server.stop();
    },
  };
};
