import type { FastifyInstance } from 'fastify';
import { httpCommand, type JourneyCommand } from '#libs/battery-journey';

export type Answer = Record<string, unknown>;

/**
 * The command side exactly as a client sees it (routing, auth, validation, the command pipeline),
 * through Fastify's in-process injection: no socket, no port, nothing else can reach it.
 */
export class SeedClient {
  commands = 0;

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly bearer: string,
  ) {}

  /**
   * Sends a journey command as the contract routes it (the seed's key holds every role); a 2xx
   * answer's body, anything else ends the seed with the problem the API reported.
   */
  async send(command: JourneyCommand): Promise<Answer> {
    const { path, body } = httpCommand(command);
    const response = await this.fastify.inject({
      method: 'POST',
      url: path,
      headers: { authorization: `Bearer ${this.bearer}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    const answer = response.json() as Answer;
    if (response.statusCode >= 300)
      throw new Error(`POST ${path} answered ${response.statusCode}: ${String(answer.detail ?? response.body)}`);
    this.commands++;
    return answer;
  }
}
