import { DOTNET_LANGUAGES } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import type { CodeFacts } from './code.js';
import { dotnetFileUses, dotnetModel } from './dotnet.js';
import type { LivenessFacts } from './liveness.js';

/**
 * Message consumers and job workers in production code, and what happens to a message or job that keeps failing:
 * a dead-letter queue or topic, a retry limit that parks it, or a failed-jobs store (and whether anything shows it).
 *
 * Job queues differ in what they do by default: Sidekiq moves a job that exhausted its retries to the Dead set,
 * BullMQ, RQ, Resque, pg-boss and graphile-worker keep failed jobs, asynq archives them, GoodJob and Solid Queue
 * keep failed executions, Trigger.dev and Inngest keep failed runs; Celery, Kafka, RabbitMQ and SQS consumers have nothing unless it is
 * configured (a failed Celery task is marked failed and dropped, a poison Kafka record blocks or is skipped, an
 * unacknowledged RabbitMQ message is redelivered forever).
 */
export interface Consumer {
  path: string;
  line: number;
  /** 'Celery', 'Sidekiq', 'Kafka (kafkajs)', 'SQS' … */
  system: string;
  /** What the system does with a message that keeps failing when nothing is configured. */
  builtIn?: string;
  /** Where the project turns that store off (Hangfire's `OnAttemptsExceeded = AttemptsExceededAction.Delete`). */
  discarded?: { path: string; line: number; note: string };
  /** Why a message that fails never comes back: its handler cannot refuse it (what the library does instead). */
  onceOnly?: string;
}

export interface PoisonHandling {
  path: string;
  line: number;
  kind: 'dead-letter' | 'parking' | 'monitor';
  note: string;
}

export interface MessagingFacts {
  consumers: Consumer[];
  handling: PoisonHandling[];
}

interface ConsumerPattern {
  re: RegExp;
  languages?: readonly string[];
  system: string;
  builtIn?: string;
  /** A setting in live code that deletes failed work instead of keeping it, and what it does. */
  discards?: { re: RegExp; note: string };
  /** Only in files that match this (the library is imported there). */
  within?: RegExp;
  /** C#: only in files that import this namespace, by a `using` of their own or a global using of their project. */
  namespace?: string;
  /**
   * C#: or (for a call whose extension lives in another namespace) the file's project references this package, or
   * live code makes this call.
   */
  orPackage?: { name: string; call: RegExp };
  /** Each message is handled once, unless live code hands its acknowledgement to the handler (`unless`). */
  onceOnly?: { note: string; unless: RegExp };
}

const CONVEY_RABBITMQ = 'RabbitMQ (Convey)';
const JS = ['javascript', 'typescript'] as const;
const JVM = ['java', 'kotlin'] as const;

/**
 * ppy's osu-queue-processor: a subclass of `QueueProcessor<T>` (in a file using the library) pops its items from a Redis
 * list until the process is stopped.
 */
export const OSU_QUEUE_PROCESSOR = {
  re: /:\s*QueueProcessor\s*<\s*\w+\s*>/,
  within: /\busing\s+osu\.Server\.QueueProcessor\s*;/,
};

const CONSUMERS: ConsumerPattern[] = [
  { re: /^\s*@(?:[\w.]+\.)?(?:shared_)?task\b/, languages: ['python'], system: 'Celery', within: /\bcelery\b/ },
  {
    re: /^\s*@(?:dramatiq\.actor|actor)\b/,
    languages: ['python'],
    system: 'Dramatiq',
    builtIn: 'messages that exhaust their retries go to the dead-letter queue (kept 7 days)',
    within: /\bdramatiq\b/,
  },
  {
    // RQ, or django-rq's queues (`django_rq.get_queue(…)`, `django_rq.enqueue(…)`, `from django_rq import job`): the
    // jobs run in `rqworker`.
    re: /\bQueue\s*\([^)]*connection\s*=|\bfrom\s+(?:django_)?rq\s+import\b|\bdjango_rq\.(?:get_queue|enqueue)\s*\(/,
    languages: ['python'],
    system: 'RQ',
    builtIn: 'failed jobs are kept in the FailedJobRegistry',
  },
  {
    // arq: a worker settings class lists the coroutines the `arq` worker runs (`functions = [send_mail]`), or the
    // worker is built in code. A job that raises is not retried (only `Retry` retries it) and its failure is kept as
    // a result for `keep_result` seconds (an hour by default): nothing keeps it for inspection.
    re: /^\s*functions\s*(?::[^=\n]*)?=\s*\[|\b(?:run_worker|create_worker)\s*\(/,
    languages: ['python'],
    system: 'arq',
    within: /^\s*(?:from\s+arq\b|import\s+arq\b)/m,
  },
  {
    // SAQ (Simple Async Queue): the settings the `saq` worker is started with list the coroutines it runs
    // (`{"functions": [...]}`), a `Worker(queue, functions=[...])` is built in code, or litestar-saq's `QueueConfig(…)`
    // runs the queue's workers beside the app. A failed job is retried only `retries` times (once by default) and then
    // kept, like every finished job, only for its `ttl` (600 s by default): nothing keeps it for inspection.
    re: /^\s*["']functions["']\s*:|\bfunctions\s*=(?!=)|\b(?:QueueConfig|Worker)\s*\(/,
    languages: ['python'],
    system: 'SAQ',
    within: /^\s*(?:from\s+(?:litestar_)?saq\b|import\s+saq\b)/m,
  },
  {
    // Django Q / django-q2: tasks queued with async_task (or scheduled) run in the qcluster workers.
    re: /\basync_task\s*\(\s*["'\w]|\bschedule\s*\(\s*["'][\w.]+["']/,
    languages: ['python'],
    system: 'Django Q',
    builtIn: 'failed tasks are always saved in its Failure table (listed in the Django admin)',
    within: /\bdjango_q\b/,
  },
  {
    // Huey: @huey.task() / @db_task() functions run in the huey consumer; a failed task is only logged.
    re: /^\s*@(?:[\w.]+\.)?(?:db_)?(?:task|periodic_task)\s*\(/,
    languages: ['python'],
    system: 'Huey',
    within: /\bhuey\b/,
  },
  {
    // Taskiq: `@broker.task` functions run in the `taskiq worker` processes. A task that raises is retried only where a
    // retry middleware is added, then dropped: nothing keeps it for inspection.
    re: /^\s*@(?:[\w.]+\.)?task\b/,
    languages: ['python'],
    system: 'Taskiq',
    within: /\btaskiq/,
  },
  {
    re: /^\s*include\s+Sidekiq::(?:Worker|Job)\b|\bqueue_adapter\s*=\s*:sidekiq\b/,
    languages: ['ruby'],
    system: 'Sidekiq',
    builtIn: 'jobs that exhaust their retries move to the Dead set',
  },
  {
    re: /\bqueue_adapter\s*=\s*:(?:good_job|solid_queue)\b/,
    languages: ['ruby'],
    system: 'ActiveJob (GoodJob/Solid Queue)',
    builtIn: 'failed executions are kept in the database',
  },
  {
    re: /\bqueue_adapter\s*=\s*:resque\b/,
    languages: ['ruby'],
    system: 'ActiveJob (Resque)',
    builtIn: "failed jobs are kept in Resque's failed queue (the default Redis failure backend)",
  },
  {
    re: /\bqueue_adapter\s*=\s*:(?:delayed_job|async|inline)\b|^\s*class\s+\w+\s*<\s*ApplicationJob\b/,
    languages: ['ruby'],
    system: 'ActiveJob',
  },
  {
    re: /\bnew\s+Worker\s*(?:<[^>()]*>)?\s*\(/,
    languages: JS,
    system: 'BullMQ',
    builtIn: 'failed jobs are kept in the failed set (unless removeOnFail)',
    within: /["']bullmq["']/,
  },
  // NestJS: a class decorated `@Processor('imports')` consumes that queue (a WorkerHost's `process(job)` with
  // @nestjs/bullmq, `@Process()` handlers with @nestjs/bull); the module registers it as a provider.
  {
    re: /^\s*@Processor\s*\(/,
    languages: JS,
    system: 'BullMQ/Bull (NestJS @Processor)',
    builtIn: 'failed jobs are kept in the failed set (unless removeOnFail)',
    within: /["']@nestjs\/bull(?:mq)?["']/,
  },
  {
    // nest-bull, the NestJS binding for Bull before @nestjs/bull: a `@Queue()` class's `@QueueProcess()` methods
    // consume its jobs once the module lists the class as a provider.
    re: /^\s*@QueueProcess\s*\(/,
    languages: JS,
    system: 'Bull (nest-bull @QueueProcess)',
    builtIn: 'failed jobs are kept in the failed set (unless removeOnFail)',
    within: /["']nest-bull["']/,
  },
  {
    re: /\.process\s*\(/,
    languages: JS,
    system: 'Bull',
    builtIn: 'failed jobs are kept in the failed set (unless removeOnFail)',
    within: /["']bull["']/,
  },
  {
    // pg-boss workers (`boss.work(queue, handler)`), often on an instance a module of the project's own hands out
    // (`getPgBoss()`, `getBoss()`): the file names the library or its instance.
    re: /\.work\s*\(\s*[\w$'"`]/,
    languages: JS,
    system: 'pg-boss',
    builtIn: 'jobs that exhaust their retryLimit are kept in the job table in the failed state (then archived)',
    within: /pg-?boss|\bboss\b/i,
  },
  {
    // graphile-worker runners (`run({ connectionString, taskList })`, `runOnce`) process jobs from Postgres.
    re: /(?<![\w$.])(?:run|runOnce)\s*\(\s*\{/,
    languages: JS,
    system: 'graphile-worker',
    builtIn: 'jobs that fail max_attempts times stay in its jobs table with their last error (permanently failed)',
    within: /["']graphile-worker["']/,
  },
  {
    // Trigger.dev v3+ tasks (`task({ id, run })`, `schemaTask`, `schedules.task`) run on its workers from a queue.
    re: /(?<![\w$])(?:task|schemaTask|schedules\.task)\s*\(\s*\{/,
    languages: JS,
    system: 'Trigger.dev',
    builtIn: 'runs that exhaust their retries are kept as failed runs, listed and replayable in its dashboard',
    within: /["']@trigger\.dev\/sdk(?:\/v3)?["']/,
  },
  {
    // pgmq (Postgres message queues, Supabase Queues) read by SQL from any client: a message nobody deletes comes back
    // after its visibility timeout, read after read, for ever.
    re: /\bpgmq\.(?:read|read_with_poll|pop)\s*\(/,
    system: 'pgmq',
  },
  {
    // Inngest functions (`inngest.createFunction({ id }, { event }, handler)`), made on a client imported from elsewhere.
    re: /\.createFunction\s*\(\s*\{/,
    languages: JS,
    system: 'Inngest',
    builtIn: 'runs that exhaust their retries are kept as failed runs, listed and replayable in its dashboard',
    within: /\binngest\b/i,
  },
  {
    re: /\.consumer\s*\(\s*\{|\bconsumer\.run\s*\(/,
    languages: JS,
    system: 'Kafka (kafkajs)',
    within: /["']kafkajs["']/,
  },
  { re: /\.consume\s*\(/, languages: JS, system: 'RabbitMQ (amqplib)', within: /["']amqplib(?:\/callback_api)?["']/ },
  {
    re: /\bReceiveMessageCommand\b|\.receiveMessage\s*\(/,
    languages: JS,
    system: 'SQS',
    within: /client-sqs|aws-sdk|sqs-consumer/,
  },
  { re: /\bConsumer\.create\s*\(/, languages: JS, system: 'SQS (sqs-consumer)', within: /["']sqs-consumer["']/ },
  {
    re: /\.on\s*\(\s*["']message["']/,
    languages: JS,
    system: 'Google Pub/Sub',
    within: /["']@google-cloud\/pubsub["']/,
  },
  {
    re: /\b(?:Consumer|DeserializingConsumer)\s*\(|\bAIOKafkaConsumer\s*\(|\bKafkaConsumer\s*\(/,
    languages: ['python'],
    system: 'Kafka',
  },
  { re: /\.basic_consume\s*\(|\.consume\s*\(/, languages: ['python'], system: 'RabbitMQ', within: /\b(?:aio_)?pika\b/ },
  { re: /\.receive_messages?\s*\(/, languages: ['python'], system: 'SQS', within: /\bsqs\b/i },
  { re: /\.subscribe\s*\(/, languages: ['python'], system: 'Google Pub/Sub', within: /\bpubsub_v1\b/ },
  {
    re: /\bkafka\.NewReader\s*\(|\bsarama\.NewConsumerGroup\s*\(|\.SubscribeTopics\s*\(/,
    languages: ['go'],
    system: 'Kafka',
  },
  { re: /\.Consume\s*\(/, languages: ['go'], system: 'RabbitMQ', within: /amqp091-go|streadway\/amqp/ },
  // rdkafka: a consumer subscribing to its topics (`consumer.subscribe(&topics)`) in a file using its consumer module.
  {
    re: /\.subscribe\s*\(/,
    languages: ['rust'],
    system: 'Kafka (rdkafka)',
    within: /\buse\s+rdkafka::(?:consumer\b|\{[^}]*\bconsumer\b)/,
  },
  { re: /\.basic_consume\s*\(/, languages: ['rust'], system: 'RabbitMQ (lapin)', within: /\blapin\b/ },
  // amiquip, the blocking RabbitMQ client: `queue.consume(ConsumerOptions::default())?` (or the channel's
  // `basic_consume`), then a loop over `consumer.receiver()` handling each delivery.
  {
    re: /\.(?:basic_)?consume\s*\(/,
    languages: ['rust'],
    system: 'RabbitMQ (amiquip)',
    within: /\buse\s+amiquip::/,
  },
  {
    re: /\.BasicConsume(?:Async)?\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'RabbitMQ',
    within: /\bRabbitMQ\.Client\b/,
  },
  // Convey's RabbitMQ subscriptions (`app.UseRabbitMq().SubscribeCommand<CreateOrder>().SubscribeEvent<…>()`): a message
  // whose handler keeps failing is retried `rabbitMq.retries` times, then rejected without requeue and lost, unless
  // the `rabbitMq.deadLetter` section is enabled (read below).
  {
    re: /\.Subscribe(?:Command|Event)\s*</,
    languages: DOTNET_LANGUAGES,
    system: CONVEY_RABBITMQ,
    namespace: 'Convey.MessageBrokers',
  },
  // Dapr pub/sub subscriptions of ASP.NET Core (`[Topic("pubsub", "orders")]` on an action, `.WithTopic(…)` on a mapped
  // endpoint): the sidecar retries a delivery the handler fails as the resiliency policy says, then drops it unless
  // the subscription names a dead-letter topic (read below). `.WithTopic(` is an extension in
  // Microsoft.AspNetCore.Builder, so a minimal-API file has no `using Dapr`: its project references Dapr.AspNetCore,
  // or live code maps the subscribe handler.
  // The attribute may follow others in one list (`[HttpPost("orders"), Topic("pubsub", "orders")]`).
  {
    re: /\[\s*(?:\w+(?:\s*\([^()\n]*\))?\s*,\s*)*Topic\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'Dapr pub/sub',
    namespace: 'Dapr',
  },
  {
    re: /\.WithTopic\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'Dapr pub/sub',
    namespace: 'Dapr',
    orPackage: { name: 'Dapr.AspNetCore', call: /\.MapSubscribeHandler\s*\(/ },
  },
  { re: /\.ReceiveMessage\s*\(/, languages: ['go'], system: 'SQS', within: /service\/sqs/ },
  // Google Cloud Pub/Sub subscriptions in Go (`sub.Receive(ctx, func(ctx context.Context, m *pubsub.Message) {…})`, v1
  // and v2 clients): a message the handler nacks or never acks is redelivered until the subscription's retention ends,
  // then dropped, unless the subscription has a dead-letter policy (read below).
  {
    re: /\.Receive\s*\(\s*\w+\s*,/,
    languages: ['go'],
    system: 'Google Pub/Sub',
    within: /"cloud\.google\.com\/go\/pubsub(?:\/v2)?"/,
  },
  // Eclipse paho MQTT subscriptions (`client.Subscribe(topic, qos, handler)`): the handler returns nothing.
  {
    re: /\.Subscribe(?:Multiple)?\s*\(/,
    languages: ['go'],
    system: 'MQTT (paho)',
    within: /"github\.com\/eclipse\/paho\.mqtt\.golang"/,
    onceOnly: {
      note: 'paho acknowledges each message when its handler returns (the handler cannot refuse it), so a message that fails is not delivered again',
      unless: /\.SetAutoAckDisabled\s*\(\s*true\s*\)/,
    },
  },
  {
    re: /\basynq\.NewServer\s*\(/,
    languages: ['go'],
    system: 'asynq',
    builtIn: 'tasks that exhaust their retries are archived',
  },
  // gocraft/work (and forks replacing it in go.mod): a worker pool of Redis-queued jobs.
  {
    re: /\bwork\.NewWorkerPool(?:WithOptions)?\s*\(/,
    languages: ['go'],
    system: 'gocraft/work',
    builtIn: 'jobs that exhaust MaxFails (4 by default) are moved to the dead set, where they can be retried',
    discards: {
      re: /\bSkipDead\s*:\s*true\b/,
      note: 'jobs are registered with SkipDead: true, so those that exhaust their retries are dropped',
    },
    within: /"github\.com\/gocraft\/work"/,
  },
  { re: /^\s*@KafkaListener\b/, languages: JVM, system: 'Kafka (Spring)' },
  // NAV's rapids-and-rivers: a River registered on the rapid handles its Kafka records; a handler that throws stops the
  // rapid, and the restarted consumer reads the same record again.
  {
    re: /\bRiver\s*\(\s*\w+\s*\)/,
    languages: JVM,
    system: 'Kafka (rapids-and-rivers)',
    within: /\brapids_and_rivers\b|\bno\.nav\.helse\.rapids_rivers\b/,
  },
  { re: /\bStreamsBuilder\s*\(\s*\)/, languages: JVM, system: 'Kafka Streams' },
  // Kotlin constructs without `new` and infers the type arguments (`KafkaConsumer(props, StringDeserializer(), …)`);
  // a class of the project's own named so (`class KafkaConsumer(…)`, its constructor) is no construction.
  {
    re: /\bKafkaConsumer\s*<[^>\n]*>\s*\(|\bnew\s+KafkaConsumer\s*<|(?<![\w.]|\b(?:class|fun|public|private|protected)\s+)KafkaConsumer\s*\(/,
    languages: JVM,
    system: 'Kafka',
  },
  // Google Pub/Sub from the JVM: Spring Cloud GCP's inbound channel adapter on a subscription (Spring Integration hands
  // each message to the handler on its output channel) or PubSubTemplate's subscribe, and the Java client's own
  // Subscriber. A message that keeps failing is redelivered until the subscription's retention drops it, unless the
  // subscription has a dead-letter policy (set on the broker, usually outside the repository).
  {
    re: /\bPubSubInboundChannelAdapter\s*\(|\.subscribe(?:AndConvert)?\s*\(/,
    languages: JVM,
    system: 'Google Pub/Sub (Spring Cloud GCP)',
    within: /^\s*import\s+(?:com\.google\.cloud\.spring|org\.springframework\.cloud\.gcp)\.pubsub\./m,
  },
  {
    re: /\bSubscriber\s*\.\s*newBuilder\s*\(/,
    languages: JVM,
    system: 'Google Pub/Sub',
    within: /^\s*import\s+com\.google\.cloud\.pubsub\.v1\./m,
  },
  { re: /^\s*@RabbitListener\b/, languages: JVM, system: 'RabbitMQ (Spring)' },
  { re: /^\s*@SqsListener\b|^\s*@JmsListener\b/, languages: JVM, system: 'SQS/JMS (Spring)' },
  {
    // A JMS MessageListener of the project's own (`class XListener(…) : MessageListener`), or the Spring listener
    // container it is set on: what a message that keeps failing becomes is the broker's redelivery policy.
    re: /(?:\bimplements\s+|\)\s*:\s*|\bclass\s+\w+\s*:\s*)(?:[\w.<>]+\s*,\s*)*MessageListener\b|\bDefaultMessageListenerContainer\s*\(/,
    languages: JVM,
    system: 'JMS',
    within: /^\s*import\s+(?:jakarta|javax)\.jms\.|^\s*import\s+org\.springframework\.jms\./m,
  },
  // PHP, Elixir and .NET job queues and consumers.
  {
    re: /^\s*(?:final\s+|abstract\s+)?class\s+\w+[^{\n]*\bimplements\s+[^{\n]*\bShouldQueue\b/,
    languages: ['php'],
    system: 'Laravel queue',
    builtIn:
      'jobs that exhaust their tries are written to the failed_jobs table (queue:failed lists them, queue:retry reruns them)',
  },
  {
    // utopia-php/queue (Appwrite's workers): `new Server($adapter)` runs each job's action; a job that throws is kept
    // in the queue's failed list, which the broker's retry() reruns.
    re: /\bnew\s+\\?(?:Utopia\\Queue\\)?Server\s*\(/,
    languages: ['php'],
    system: 'utopia-php/queue',
    within: /^\s*use\s+Utopia\\Queue\\Server\s*;|\bUtopia\\Queue\\Server\s*\(/m,
    builtIn: "jobs that throw are kept in the queue's failed list (the broker's retry() reruns them)",
  },
  {
    re: /^\s*#\[AsMessageHandler\b|\bimplements\s+[^{\n]*\bMessageHandlerInterface\b/,
    languages: ['php'],
    system: 'Symfony Messenger',
  },
  {
    re: /^\s*use\s+Oban\.(?:Worker|Pro\.Worker)\b/,
    languages: ['elixir'],
    system: 'Oban',
    builtIn: 'jobs that exhaust max_attempts (20 by default) are kept as discarded in oban_jobs',
  },
  {
    // Broadway pipelines consume SQS, RabbitMQ, Kafka or Pub/Sub through a producer module; a message whose
    // processing fails is acknowledged as failed to that producer (SQS: left on the queue and redelivered).
    re: /^\s*use\s+Broadway\b/,
    languages: ['elixir'],
    system: 'Broadway',
  },
  {
    // GenRMQ's RabbitMQ consumers (`@behaviour GenRMQ.Consumer`) declare their queue with a dead-letter exchange and a
    // `<queue>_error` queue unless started with `deadletter: false`; a message the consumer rejects lands there.
    re: /^\s*@behaviour\s+GenRMQ\.Consumer\b/,
    languages: ['elixir'],
    system: 'GenRMQ (RabbitMQ)',
    builtIn: 'messages the consumer rejects go to the <queue>_error dead-letter queue it declares',
    discards: {
      re: /\bdeadletter:\s*false\b/,
      note: 'the consumer declares no dead-letter queue (deadletter: false): rejected messages are dropped',
    },
  },
  {
    // The Elixir port of BullMQ: a worker started under a supervisor (`{BullMQ.Worker, queue: "mail", processor: …}`).
    re: /\{\s*BullMQ\.Worker\s*,|\bBullMQ\.Worker\.start_link\s*\(/,
    languages: ['elixir'],
    system: 'BullMQ',
    builtIn: 'failed jobs are kept in the failed set (unless removeOnFail)',
  },
  {
    re: /:\s*IConsumer\s*<|\bAddMassTransit\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'MassTransit',
    builtIn: 'messages that exhaust their retries are moved to the <queue>_error queue',
  },
  {
    // NServiceBus handlers and sagas: a message that exhausts the immediate and delayed retries of its recoverability
    // policy is moved to the endpoint's error queue, where ServicePulse lists it for retry.
    re: /[:,]\s*(?:IHandleMessages|IAmStartedByMessages)\s*</,
    languages: DOTNET_LANGUAGES,
    system: 'NServiceBus',
    builtIn: 'messages that exhaust their immediate and delayed retries are moved to the error queue',
  },
  {
    // Wolverine's listeners on a broker (`opts.ListenToAzureServiceBusQueue("orders")`, `ListenToRabbitQueue`, …).
    re: /\.\s*ListenTo(?:AzureServiceBus\w*|RabbitQueue|KafkaTopics?|SqsQueue|PulsarTopic|PubsubTopic|NatsSubject|MqttTopic|RedisStream\w*)\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'Wolverine',
    builtIn: "messages that exhaust the error policy are moved to the transport's dead-letter queue",
    within: /\bWolverine\b/,
  },
  {
    // An Azure Functions queue trigger: the host retries a message that fails, and moves it to `<queue>-poison` once it
    // has been dequeued maxDequeueCount times.
    re: /\[\s*QueueTrigger\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'Azure Functions queue trigger',
    builtIn: 'messages dequeued maxDequeueCount times (5 by default) are moved to the <queue>-poison queue',
  },
  {
    re: /\[\s*ServiceBusTrigger\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'Azure Functions Service Bus trigger',
    builtIn:
      "messages delivered MaxDeliveryCount times (10 by default) are moved to the entity's dead-letter sub-queue",
  },
  {
    // An item that fails is pushed back for a few more attempts, then dropped.
    ...OSU_QUEUE_PROCESSOR,
    languages: DOTNET_LANGUAGES,
    system: 'osu-queue-processor (Redis)',
  },
  {
    // A job table of the service's own whose rows its Go workers claim with FOR UPDATE SKIP LOCKED (in SQL, or gorm's
    // `clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}`) and retry up to a limit: what happens to a job
    // that keeps failing is the code's. Rows locked so for a batch pass (a cleanup, a status sweep) are no jobs.
    re: /\bSKIP\s+LOCKED\b/,
    languages: ['go'],
    system: 'job table (rows claimed with SKIP LOCKED)',
    within: /\b[mM]ax_?(?:[rR]etries|[aA]ttempts)\b/,
  },
  {
    // The same job table in Rust (sqlx or tokio-postgres): a worker loop claims the next row with FOR UPDATE SKIP
    // LOCKED from a table or a function named as a queue (`dequeue_task`, `delivery_queue`). Rows locked so for a batch
    // pass name no queue.
    re: /\bSKIP\s+LOCKED\b/,
    languages: ['rust'],
    system: 'job table (rows claimed with SKIP LOCKED)',
    within: /\bdequeue\w*|\w_queue\b|\bqueue_\w/,
  },
  {
    // A Hangfire server hosted by hand (`new BackgroundJobServer(options)` in a console program, the older
    // `app.UseHangfireServer()`) processes the same jobs as one `AddHangfireServer()` registers.
    re: /\bBackgroundJob\.(?:Enqueue|Schedule)\s*[<(]|\bRecurringJob\.AddOrUpdate\s*[<(]|\bAddHangfireServer\s*\(|\bnew\s+BackgroundJobServer\s*\(|\.\s*UseHangfireServer\s*\(/,
    languages: DOTNET_LANGUAGES,
    system: 'Hangfire',
    builtIn: 'jobs that exhaust their automatic retries (10) move to the Failed state, kept and shown on the dashboard',
    discards: {
      re: /\bOnAttemptsExceeded\s*=\s*AttemptsExceededAction\.Delete\b/,
      note: 'jobs that exhaust their automatic retries are deleted (AttemptsExceededAction.Delete), not kept as failed',
    },
  },
];

/** Dead-letter and parking configuration, in code and in infrastructure. */
const HANDLING: [RegExp, PoisonHandling['kind'], string][] = [
  [
    /\bRedrivePolicy\b|\bredrive_policy\b|\bdeadLetterTargetArn\b|\bdeadLetterQueue\s*:/,
    'dead-letter',
    'SQS redrive policy to a dead-letter queue',
  ],
  [
    // A destination, not a callback handed to a retry helper (`onFailure: function (int $attempt, Throwable $e) {…}`).
    /\bDeadLetterConfig\b|\bdead_letter_config\b|\bonFailure\s*:(?!\s*(?:function\b|fn\b|async\b|\(|\w+\s*=>))|\bOnFailure\s*:\s*\n?\s*Destination/,
    'dead-letter',
    'Lambda dead-letter or on-failure destination',
  ],
  [
    /x-dead-letter-exchange|x-dead-letter-routing-key|deadLetterExchange\s*:|\bdead_letter_exchange\b/,
    'dead-letter',
    'RabbitMQ dead-letter exchange',
  ],
  [
    /\bDeadLetterPublishingRecoverer\b|@RetryableTopic\b|\bdltTopic\b|@DltHandler\b/,
    'dead-letter',
    'Spring Kafka dead-letter topic',
  ],
  [/\bdead_letter_policy\b|\bdeadLetterPolicy\b|\bDeadLetterPolicy\b/, 'dead-letter', 'Pub/Sub dead-letter policy'],
  // A Dapr subscription's dead-letter topic: as an option (`DeadLetterTopic = "…"`), or the third argument of .NET's
  // `[Topic(pubsub, topic, deadLetterTopic)]` (a string followed by the raw-payload flag or nothing; a match expression
  // is followed by its priority). Declared in a Subscription (`deadLetterTopic:`): read below, from `kind:
  // Subscription` files only (GCP Terraform and Node Pub/Sub clients use the same names).
  [
    /\bDeadLetterTopic\s*=|\[\s*(?:\w+(?:\s*\([^()\n]*\))?\s*,\s*)*Topic\s*\(\s*"[^"\n]*"\s*,\s*"[^"\n]*"\s*,\s*"[^"\n]+"\s*(?:,\s*(?:true|false)\b|\))/,
    'dead-letter',
    'Dapr dead-letter topic of a subscription',
  ],
  // Oracle Advanced Queuing moves a message whose dequeue was rolled back max_retries times to the queue table's
  // exception queue (`AQ$_<queue table>_E`), which the service names to read or requeue it.
  [/\bAQ\\?\$_\w+_E\b/, 'dead-letter', 'Oracle AQ exception queue (messages past max_retries)'],
  [/\bdead_letter_queue["']?\s*[:=]/, 'dead-letter', 'Cloudflare Queues dead-letter queue'],
  [/["'][\w.-]*(?:\.DLT|[-_.]dlq|[-_.]dead[-_]?letter)["']/i, 'dead-letter', 'a dead-letter queue or topic'],
  [
    /"maxDequeueCount"\s*:/,
    'dead-letter',
    'Azure Functions host moving queue messages past maxDequeueCount to the <queue>-poison queue',
  ],
  [/\bmax_delivery_count\b|\bmaxDeliveryCount\b|\bmaxDeliveries\b|\bx-delivery-limit\b/, 'parking', 'a delivery limit'],
  [
    // The Task method (`def on_failure(self, exc, task_id, …)`) or a task option (`@app.task(on_failure=…)`): not any
    // keyword or parameter of that name (a workflow parser's `on_failure=on_failure_action`), nor an attribute of
    // another object (`OmniAuth.config.on_failure = proc …`, the sign-in failure page).
    /\btask_failure\.connect\b|@task_failure\.connect|\bdef\s+on_failure\s*\(\s*self\s*,\s*exc\b|\b(?:task|shared_task)\s*\([^)\n]*\bon_failure\s*=(?!=)/,
    'parking',
    'failed Celery tasks are handled (task_failure / on_failure)',
  ],
  [/\bsidekiq_retries_exhausted\b|\bdeath_handlers\b/, 'parking', 'Sidekiq hook for jobs that exhaust their retries'],
  [
    /\bexcept\s+(?:self\.|\w+\.)?MaxRetriesExceededError\b/,
    'parking',
    'Celery tasks that exhaust their retries are handled (MaxRetriesExceededError)',
  ],
  [/\bdestroy_failed_jobs\s*=\s*false\b/, 'parking', 'delayed_job keeps jobs that exhaust their attempts'],
  // A job row of the service's own marked failed (`job.Status = model.JobStatusFailed` once its retries run out): the
  // job is kept where it can be seen and retried.
  [
    /\b\w*(?:[jJ]ob|[tT]ask)\w*\.Status\s*=\s*(?:\w+\.)*\w*Failed\b/,
    'parking',
    'a job that keeps failing is kept with a failed status',
  ],
  [/^\s*def\s+handle_failed\s*\(/m, 'parking', 'Broadway handle_failed/2 deals with messages that failed'],
  [/^\s*failure_transport\s*:/m, 'dead-letter', 'Symfony Messenger failure transport'],
  [/\.\s*MoveToErrorQueue\s*\(/, 'dead-letter', 'Wolverine error policy moving failed messages to the error queue'],
  [
    /\.\s*(?:SendFailedMessagesTo|UseErrorQueue)\s*\(/,
    'dead-letter',
    'NServiceBus error queue for messages that exhaust their retries',
  ],
  [
    /\bSidekiq::Web\b|\bbull-board\b|@bull-board\/|\bbull-arena\b|\brq[-_]dashboard\b|\bcelery\b[^\n]*\bflower\b|mher\/flower|\basynqmon\b|\bGoodJob::Engine\b|\bMissionControl::Jobs\b|\bDelayedJobWeb\b|\bHorizon::auth\s*\(|\bHorizonApplicationServiceProvider\b|\bUseHangfireDashboard\s*\(|\boban_dashboard\b|\bOban\.Web\.Router\b/,
    'monitor',
    'a job dashboard',
  ],
];

/** A pgmq message's read count compared with a limit (`msg.read_ct <= retryBudget`, `maxReads < m.read_ct`). */
const PGMQ_READ_LIMIT = /\bread_ct\s*(?:<=?|>=?)\s*[\w$]|[\w$]\s*(?:<=?|>=?)\s*(?:[\w$]+\.)*read_ct\b/;

/** `nautobot_task = shared_task`, `task = celery_app.task`: the Celery task decorator under another name. */
const CELERY_ALIAS = /^([A-Za-z_]\w*)\s*=\s*(?:celery\.)?(?:shared_task|[A-Za-z_]\w*\.task)\s*(?:#.*)?$/m;

/**
 * `@celery_app.task` in a module that never names celery itself (`from app.core.worker import celery_app`): a Celery
 * task when live code builds that object with `Celery(…)` (`celery_app = Celery("worker", broker=…)`).
 */
function celeryAppTask(code: CodeFacts, decorator: string, paths: readonly string[]): boolean {
  const receiver = /^\s*@(?:\w+\.)*(\w+)\.task\b/.exec(decorator)?.[1];
  if (!receiver) return false;
  return !!code.grepFirst(new RegExp(`^\\s*${receiver}\\s*(?::[^=\\n]*)?=\\s*(?:celery\\.)?Celery\\s*\\(`), {
    paths: paths.filter((p) => p.endsWith('.py')),
  });
}

/** A top-level `def name(…):` and the body under it (up to the next line that starts a statement at column 0). */
const TOP_DEF = /^def\s+([A-Za-z_]\w*)\s*\(/gm;
/** A body handing back Celery's task decorator, called (`return celery.task(*args, **kwargs)`, `return shared_task(…)`). */
const RETURNS_CELERY_TASK = /^\s+return\s+(?:[A-Za-z_]\w*\.task|shared_task)\s*\(/m;

/**
 * Decorators of the project's own that return Celery's (`def task(*args, **kwargs): return celery.task(*args, **kwargs)`,
 * then `def job(name, **kw): return task(name=name, base=JobTask, **kw)`), in a module that names celery: their names,
 * each with the module's last dotted part (`tasks` for app/tasks.py) that a user imports it from.
 */
function celeryWrappers(repo: RepoIndex, paths: readonly string[]): { name: string; module: string; path: string }[] {
  const out: { name: string; module: string; path: string }[] = [];
  for (const path of paths) {
    const text = repo.read(path) ?? '';
    if (!/\bcelery\b/.test(text) || !/^def\s/m.test(text)) continue;
    const defs: { name: string; body: string }[] = [];
    const starts = [...text.matchAll(TOP_DEF)];
    for (const m of starts) {
      const from = m.index! + m[0].length;
      const next = /^\S/m.exec(text.slice(text.indexOf('\n', from) + 1));
      const end = next ? text.indexOf('\n', from) + 1 + next.index : text.length;
      defs.push({ name: m[1]!, body: text.slice(from, end) });
    }
    const names = new Set(defs.filter((d) => RETURNS_CELERY_TASK.test(d.body)).map((d) => d.name));
    if (!names.size) continue;
    // One level more: a decorator returning one of those (`return task(name=name, bind=True, **kwargs)`).
    for (const d of defs)
      if (!names.has(d.name) && [...names].some((n) => new RegExp(`^\\s+return\\s+${n}\\s*\\(`, 'm').test(d.body)))
        names.add(d.name);
    const base = path.replace(/\.py$/, '').split('/');
    const module = base[base.length - 1] === '__init__' ? base[base.length - 2] : base[base.length - 1];
    if (!module) continue;
    for (const name of names) out.push({ name, module, path });
  }
  return out;
}

export function detectMessaging(repo: RepoIndex, facts: { code: CodeFacts; liveness: LivenessFacts }): MessagingFacts {
  const live = facts.liveness.liveSources();
  const livePaths = live.map((f) => f.path);
  const consumers: Consumer[] = [];
  const seen = new Set<string>();
  for (const { pattern, match } of facts.code.scan(CONSUMERS, live)) {
    if (seen.has(pattern.system)) continue;
    if (
      pattern.within &&
      !pattern.within.test(repo.read(match.path) ?? '') &&
      !(pattern.system === 'Celery' && celeryAppTask(facts.code, match.text, livePaths))
    )
      continue;
    if (
      pattern.namespace &&
      !dotnetFileUses(repo, match.path, pattern.namespace) &&
      !(
        pattern.orPackage &&
        (dotnetModel(repo)
          .projectOf(match.path)
          ?.packages.some((p) => p.name.toLowerCase() === pattern.orPackage!.name.toLowerCase()) ||
          facts.code.grepFirst(pattern.orPackage.call, { paths: livePaths }))
      )
    )
      continue;
    seen.add(pattern.system);
    const discard = pattern.discards && facts.code.grepFirst(pattern.discards.re, { paths: livePaths });
    const once = pattern.onceOnly && !facts.code.grepFirst(pattern.onceOnly.unless, { paths: livePaths });
    consumers.push({
      path: match.path,
      line: match.line,
      system: pattern.system,
      ...(once ? { onceOnly: pattern.onceOnly!.note } : {}),
      ...(discard
        ? { discarded: { path: discard.path, line: discard.line, note: pattern.discards!.note } }
        : pattern.builtIn
          ? { builtIn: pattern.builtIn }
          : {}),
    });
  }
  // Celery's task decorator under a name of the project's own (`nautobot_task = shared_task`, `job = app.task`): its
  // `@nautobot_task` functions are Celery tasks.
  if (!seen.has('Celery')) {
    const py = live.filter((f) => f.path.endsWith('.py')).map((f) => f.path);
    for (const alias of facts.code.grep(CELERY_ALIAS, { paths: py, strings: false, limit: 10 })) {
      if (!/\bcelery\b/.test(repo.read(alias.path) ?? '')) continue;
      const name = CELERY_ALIAS.exec(alias.text)?.[1];
      if (!name) continue;
      const use = facts.code.grepFirst(new RegExp(`^\\s*@(?:[\\w.]+\\.)?${name}\\b(?!\\s*=)`), { paths: py });
      if (!use) continue;
      seen.add('Celery');
      consumers.push({ path: use.path, line: use.line, system: 'Celery' });
      break;
    }
  }
  // A decorator of the project's own returning Celery's (`@job("purge-datasets")` imported from the module that wraps
  // `celery.task`): its functions are Celery tasks.
  if (!seen.has('Celery')) {
    const py = live.filter((f) => f.path.endsWith('.py')).map((f) => f.path);
    for (const w of celeryWrappers(repo, py)) {
      const imported = new RegExp(
        `^[ \\t]*from[ \\t]+[\\w.]*\\b${w.module}[ \\t]+import[ \\t]+(?:\\([^()]*?\\b${w.name}\\b|[^(\\n]*\\b${w.name}\\b)`,
        'm',
      );
      const use = facts.code
        .grep(new RegExp(`^\\s*@${w.name}\\b`), { paths: py, strings: false, limit: 50 })
        .find((u) => u.path === w.path || imported.test(repo.read(u.path) ?? ''));
      if (!use) continue;
      seen.add('Celery');
      consumers.push({ path: use.path, line: use.line, system: 'Celery' });
      break;
    }
  }
  // Functions triggered by a queue or stream (serverless.yml events, SAM/CloudFormation event sources).
  const trigger = repo.grepFirst(/^\s*-\s*sqs\s*:|^\s*Type\s*:\s*(?:SQS|Kinesis|MSK|Kafka)\s*$|\bSqsEventSource\s*\(/, {
    include: ['**/serverless.{yml,yaml}', '**/template.{yml,yaml}', '**/*.{ts,js,py}'],
    exclude: ['**/node_modules/**', '**/*.test.*', '**/test/**', '**/tests/**'],
  });
  if (trigger && !seen.has('SQS'))
    consumers.push({ path: trigger.path, line: trigger.line, system: 'SQS/stream-triggered function' });
  // Cloudflare Queues consumers declared in a Worker's wrangler configuration; a message that exhausts max_retries is
  // dropped unless a dead_letter_queue is set.
  const cfConsumer = repo.grepFirst(/^[ \t]*\[\[\s*queues\.consumers\s*\]\]|"consumers"\s*:\s*\[/m, {
    include: ['**/wrangler.{toml,json,jsonc}'],
  });
  if (cfConsumer) consumers.push({ path: cfConsumer.path, line: cfConsumer.line, system: 'Cloudflare Queues' });

  const handling: PoisonHandling[] = [];
  if (consumers.length) {
    const files = [
      ...livePaths,
      ...repo
        .select({
          include: ['**/*.{tf,yml,yaml,json,jsonc,toml,rb,py,ts,js,conf,ini}', '**/Procfile'],
          exclude: ['**/node_modules/**', '**/package-lock.json', '**/*.lock'],
        })
        .filter((f) => !f.isTest)
        .map((f) => f.path),
    ];
    const paths = [...new Set(files)];
    for (const [re, kind, note] of HANDLING) {
      const hit = facts.code.grepFirst(re, { paths });
      // One setting read by two patterns (`dead_letter_queue = "jobs-dlq"`) is one handling.
      if (hit && !handling.some((h) => h.path === hit.path && h.line === hit.line))
        handling.push({ path: hit.path, line: hit.line, kind, note });
    }
    const subscription = repo
      .grep(/^\s*deadLetterTopic\s*:/, { include: ['**/*.{yml,yaml}'], limit: 20 })
      .find((h) => !repo.get(h.path)?.isTest && /^kind\s*:\s*Subscription\s*$/m.test(repo.read(h.path) ?? ''));
    if (subscription)
      handling.push({
        path: subscription.path,
        line: subscription.line,
        kind: 'dead-letter',
        note: 'Dapr dead-letter topic of a subscription',
      });
  }
  if (seen.has(CONVEY_RABBITMQ)) {
    const deadLetter = conveyDeadLetter(repo);
    if (deadLetter) handling.push(deadLetter);
  }
  // A pgmq consumer that archives the messages past a read-count limit parks them in the queue's archive table.
  if (seen.has('pgmq')) {
    const limit = facts.code
      .grep(PGMQ_READ_LIMIT, { paths: livePaths, limit: 10 })
      .find((h) => /\bpgmq\.archive\s*\(/.test(repo.read(h.path) ?? ''));
    if (limit)
      handling.push({
        path: limit.path,
        line: limit.line,
        kind: 'parking',
        note: 'messages read too often are archived (pgmq.archive)',
      });
  }
  return { consumers, handling };
}

/** A key of a JSON object read as .NET configuration reads it: case-insensitively. */
function configKey(o: unknown, key: string): unknown {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const k = Object.keys(o).find((n) => n.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : (o as Record<string, unknown>)[k];
}

/**
 * Convey's dead-letter queues, switched on by `rabbitMq.deadLetter.enabled` in a settings file (appsettings*.json): a
 * message that exhausts its retries is rejected into `dlx-<queue>` rather than dropped. A section with `enabled` false,
 * or none, leaves the messages to be lost.
 */
function conveyDeadLetter(repo: RepoIndex): PoisonHandling | undefined {
  const files = repo.select({ include: ['**/appsettings*.json'], exclude: ['**/bin/**', '**/obj/**'] });
  for (const f of files) {
    if (f.isTest) continue;
    const text = repo.read(f.path);
    if (!text) continue;
    let settings: unknown;
    try {
      settings = JSON.parse(text);
    } catch {
      continue;
    }
    const section = configKey(configKey(settings, 'rabbitMq'), 'deadLetter');
    if (configKey(section, 'enabled') !== true) continue;
    const line = text.split('\n').findIndex((l) => /"deadLetter"\s*:/i.test(l)) + 1;
    return {
      path: f.path,
      line: line || 1,
      kind: 'dead-letter',
      note: "Convey's RabbitMQ dead-letter queues (rabbitMq.deadLetter.enabled): messages past their retries are moved there",
    };
  }
  return undefined;
}
