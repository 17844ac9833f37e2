import { defineRule } from '../../src/sdk/index.js';

/** Systems whose dead-lettering is usually set on the broker or queue (in infrastructure that may live elsewhere). */
const BROKER_SIDE = /SQS|RabbitMQ|Pub\/Sub|Dapr|stream-triggered|JMS/;

const DEAD_LETTER_FIX = [
  'SQS: give the queue a RedrivePolicy (maxReceiveCount 5, deadLetterTargetArn of a -dlq queue) and alarm on the DLQ depth.',
  'RabbitMQ: declare queues with x-dead-letter-exchange and reject poison messages without requeue.',
  'Kafka (Spring): a DefaultErrorHandler with a DeadLetterPublishingRecoverer, or @RetryableTopic; kafkajs: publish records that fail N times to a <topic>.DLT and commit.',
  'Celery: bound retries (max_retries, autoretry_for) and record failures in a task_failure handler (or route them to a dead-letter queue); watch them in Flower.',
  'Sidekiq/BullMQ/RQ: keep the failed set and mount its dashboard (Sidekiq::Web, bull-board, rq-dashboard) behind admin auth; alert on its size.',
];

export default defineRule({
  meta: {
    id: 'resilience.dead-letter',
    category: 'resilience',
    title: 'Messages and jobs that keep failing are set aside, not lost or retried forever',
    severity: 'medium',
    level: 3,
    scope: 'component',
    docs: {
      why: 'A message that always fails (bad data, a bug) is either retried forever, blocking the queue and burning capacity, or silently dropped. A dead-letter queue, a retry limit that parks it, or a failed-jobs store that someone watches keeps it for inspection and replay, and keeps the rest of the queue moving.',
      how:
        'Finds consumers and workers in live code: Celery tasks, Dramatiq actors, RQ and django-rq, arq and SAQ workers, Sidekiq, ActiveJob (GoodJob, Solid Queue, delayed_job), BullMQ/Bull workers, kafkajs, amqplib, SQS receivers and sqs-consumer, Google Pub/Sub subscribers, Python Kafka/RabbitMQ/SQS clients, Go kafka-go/sarama/amqp/SQS/asynq, gocraft/work worker pools and paho MQTT subscriptions, Dapr pub/sub subscriptions of ASP.NET Core ([Topic], WithTopic), Spring @KafkaListener/@RabbitListener/@SqsListener/@JmsListener, and functions triggered by SQS or streams. ' +
        'Then looks for poison-message handling: SQS redrive policies, Lambda dead-letter or on-failure destinations, RabbitMQ dead-letter exchanges, Spring Kafka dead-letter topics, Pub/Sub dead-letter policies, the dead-letter topics of Dapr subscriptions, queues or topics named .DLT/-dlq/dead-letter, delivery limits, Celery task_failure/on_failure, sidekiq_retries_exhausted, delayed_job destroy_failed_jobs = false (ActiveJob discard_on drops the job: not counted). ' +
        'Queues that keep failed jobs on their own (Sidekiq Dead set, BullMQ/RQ failed jobs, asynq archive, gocraft/work dead set, GoodJob/Solid Queue, Dramatiq) pass; with low confidence unless a job dashboard shows them (Sidekiq::Web, bull-board, rq-dashboard, Flower, asynqmon, GoodJob, Mission Control, DelayedJobWeb). A queue told to delete what exhausts its retries (Hangfire with `OnAttemptsExceeded = AttemptsExceededAction.Delete`, gocraft/work jobs with `SkipDead: true`) keeps nothing: a gap citing that setting. ' +
        'Consumers with none of this are a gap, with low confidence for SQS, RabbitMQ, Pub/Sub and Dapr pub/sub (dead-lettering is often set on the broker, outside the repository). n/a without message consumers or job queues, and when the only consumers cannot refuse a message (paho MQTT handlers: the message is acknowledged when the handler returns, unless `SetAutoAckDisabled(true)`), so none comes back to fail again.',
      fix: DEAD_LETTER_FIX,
      fixFor: {
        serverless: [
          'Lambda: give the SQS queue that triggers the function a RedrivePolicy (maxReceiveCount 5 to a -dlq queue) and report batch item failures; for asynchronous invocations add an on-failure destination (SAM `EventInvokeConfig` `DestinationConfig.OnFailure`, Serverless Framework `destinations.onFailure`); alarm on the DLQ depth.',
          ...DEAD_LETTER_FIX.slice(1),
        ],
        paas: [
          ...DEAD_LETTER_FIX,
          'Pub/Sub pushing to Cloud Run: a dead-letter topic with maxDeliveryAttempts on the subscription, and an alert on its backlog.',
        ],
      },
      effort: 'M',
      links: [
        'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html',
        'https://www.rabbitmq.com/docs/dlx',
      ],
    },
    messages: {
      deadLetter: '{{system}} consumers set poison messages aside: {{how}}.',
      parked: '{{system}} consumers stop retrying and keep failed work: {{how}}.',
      builtInWatched: '{{system}} keeps failed work ({{builtIn}}) and {{monitor}} shows it.',
      builtIn: '{{system}} keeps failed work ({{builtIn}}), but nothing in the repository shows or alerts on it.',
      missing: '{{system}} consumers have no dead-letter queue, retry limit with parking or failed-jobs store.',
    },
    claims: ['dead letter', 'dead-letter', 'dead letter queue', 'dlq', 'poison messages', 'failed jobs'],
  },
  check(ctx) {
    const { consumers, handling } = ctx.facts.messaging;
    if (!consumers.length)
      return ctx.na('no message consumers or job queues in production code (queues, streams, job workers)');
    if (consumers.every((c) => c.onceOnly)) {
      const c = consumers[0]!;
      return ctx.na(`only ${c.system} subscribers (${c.path}:${c.line}): ${c.onceOnly}`);
    }
    const systems = [...new Set(consumers.map((c) => c.system))].join(', ');
    const consumerEv = consumers.slice(0, 2).map((c) => ctx.at(c.path, c.line, `${c.system} consumer`));
    const dead = handling.filter((h) => h.kind === 'dead-letter');
    if (dead.length)
      return ctx.pass([...dead.slice(0, 2).map((h) => ctx.at(h.path, h.line, h.note)), ...consumerEv], {
        messageId: 'deadLetter',
        data: { system: systems, how: dead.map((h) => h.note).join('; ') },
      });
    const parked = handling.filter((h) => h.kind === 'parking');
    if (parked.length)
      return ctx.pass([...parked.slice(0, 2).map((h) => ctx.at(h.path, h.line, h.note)), ...consumerEv], {
        messageId: 'parked',
        data: { system: systems, how: parked.map((h) => h.note).join('; ') },
      });
    // ActiveJob runs on the adapter's queue: with Sidekiq or GoodJob it inherits their failed-job store.
    const storing = consumers.filter((c) => c.builtIn);
    const bare = consumers.filter((c) => !c.builtIn && !c.onceOnly && !(c.system === 'ActiveJob' && storing.length));
    if (!bare.length) {
      const s = storing[0]!;
      const monitor = handling.find((h) => h.kind === 'monitor');
      if (monitor)
        return ctx.pass(
          [ctx.at(s.path, s.line, `${s.system}: ${s.builtIn}`), ctx.at(monitor.path, monitor.line, monitor.note)],
          {
            messageId: 'builtInWatched',
            data: { system: s.system, builtIn: s.builtIn!, monitor: monitor.note },
          },
        );
      return ctx.pass(
        [
          ctx.at(s.path, s.line, `${s.system}: ${s.builtIn}`),
          ctx.missing(
            ['Sidekiq::Web', 'bull-board', 'rq-dashboard', 'Flower', 'asynqmon', 'GoodJob dashboard'],
            'no dashboard or alert on failed jobs',
          ),
        ],
        { messageId: 'builtIn', data: { system: s.system, builtIn: s.builtIn! }, confidence: 'low' },
      );
    }
    const names = [...new Set(bare.map((c) => c.system))].join(', ');
    return ctx.gap(
      'missing',
      [
        ...bare
          .slice(0, 2)
          .map((c) =>
            c.discarded
              ? ctx.at(c.discarded.path, c.discarded.line, `${c.system}: ${c.discarded.note}`)
              : ctx.at(c.path, c.line, `${c.system} consumer`),
          ),
        ctx.missing(
          [
            'SQS redrive policy, Lambda destinations',
            'RabbitMQ x-dead-letter-exchange',
            'Kafka dead-letter topics',
            'Pub/Sub dead-letter policy',
            'delivery limits, task_failure / on_failure, retries-exhausted hooks',
          ],
          'searched code, infrastructure and configuration files',
        ),
      ],
      {
        data: { system: names },
        ...(bare.every((c) => BROKER_SIDE.test(c.system)) ? { confidence: 'low' as const } : {}),
      },
    );
  },
});
