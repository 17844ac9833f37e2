// The tracing fact's Java agents (src/facts/tracing.ts JAVA_AGENT_SIGNALS): an Application Insights configuration
// copied into a Java service's image means its base image attaches the agent.
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { JAVA_AGENT_SIGNALS } from '../../src/facts/tracing.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const agentHits = (files: Record<string, string>) =>
  factsOf(files).tracing.start.filter((h) => JAVA_AGENT_SIGNALS.includes(h.signal));

const BUILD = "plugins { id 'org.springframework.boot' version '3.4.1' }\n";

describe('Application Insights Java agent configured in the image', () => {
  it('is read from a Java image that copies applicationinsights.json beside its jar, with low confidence', () => {
    const hits = agentHits({
      'build.gradle': BUILD,
      Dockerfile: [
        'FROM registry.example.org/base/java:21',
        'COPY lib/applicationinsights.json /opt/app/',
        'COPY build/libs/billing.jar /opt/app/',
        'CMD ["billing.jar"]',
      ].join('\n'),
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.match.path).toBe('Dockerfile');
    expect(hits[0]!.match.line).toBe(2);
    expect(hits[0]!.signal.confidence).toBe('low');
  });

  it('is not read from an image built on a stock JDK/JRE base, which attaches no agent', () => {
    const image = (from: string) =>
      agentHits({
        'build.gradle': BUILD,
        Dockerfile: [
          'FROM gradle:8-jdk21 AS build',
          'FROM registry.example.org/base/java:21 AS unused',
          from,
          'COPY lib/applicationinsights.json /opt/app/',
          'COPY build/libs/billing.jar /opt/app/',
          'CMD ["java", "-jar", "/opt/app/billing.jar"]',
        ].join('\n'),
      });
    expect(image('FROM eclipse-temurin:21-jre')).toEqual([]);
    expect(image('FROM docker.io/library/openjdk:17-slim')).toEqual([]);
    expect(image('FROM amazoncorretto:21')).toEqual([]);
    expect(image('FROM gcr.io/distroless/java21-debian12')).toEqual([]);
    // The final stage decides: a base of the organisation's own still attaches the agent.
    expect(image('FROM registry.example.org/base/java:21-distroless')).toHaveLength(1);
  });

  it('is not read from an image that runs no jar', () => {
    expect(
      agentHits({
        'package.json': '{"name":"feed","dependencies":{"express":"4.21.1"}}',
        Dockerfile: 'FROM node:22-slim\nCOPY applicationinsights.json ./\nCMD ["node", "server.js"]\n',
      }),
    ).toEqual([]);
  });

  it('is not read from a configuration file outside the image build', () => {
    expect(
      agentHits({
        'build.gradle': BUILD,
        'lib/applicationinsights.json': '{"connectionString": ""}',
        Dockerfile: 'FROM eclipse-temurin:21-jre\nCOPY build/libs/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
      }),
    ).toEqual([]);
  });

  it('keeps the high-confidence -javaagent signal for an agent the start command attaches', () => {
    const hits = agentHits({
      'build.gradle': BUILD,
      Dockerfile: [
        'FROM eclipse-temurin:21-jre',
        'COPY build/libs/app.jar /app.jar',
        'COPY applicationinsights-agent-3.6.2.jar /agent.jar',
        'ENTRYPOINT ["java", "-javaagent:/agent.jar", "-jar", "/app.jar"]',
      ].join('\n'),
    });
    expect(hits.map((h) => h.signal.confidence ?? 'high')).toEqual(['high']);
  });
});
