import { z } from 'zod';
import { ENV } from '../shared/env.js';
import { outsideServiceFromEnv, postIdempotently, NotConfirmed } from '../shared/idempotent-post.js';

export interface ReplacementRequest {
  idempotencyKey: string;
  orderId: string;
  items: Array<{ sku: string; quantity: number }>;
}

/** The port to the warehouse that ships an exchange's replacement. The idempotency key makes a retry ship nothing twice. */
export interface Fulfilment {
  shipReplacement(request: ReplacementRequest): Promise<{ shipmentId: string }>;
}

/** The warehouse did not confirm the shipment (down, refused, or too slow); the step fails and is retried. */
export class FulfilmentUnavailable extends NotConfirmed {
  override readonly name = 'FulfilmentUnavailable';
}

const shipmentAnswer = z.object({ id: z.string().min(1), status: z.literal('created') });

/**
 * A fulfilment service reached over HTTPS: `POST <base>/shipments` with an `Idempotency-Key` header; a
 * repeated key answers with the first shipment instead of shipping again. The local cloud serves a
 * simulator of it (with fault injection) at `/local/fulfilment`.
 */
export class HttpFulfilment implements Fulfilment {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async shipReplacement(request: ReplacementRequest): Promise<{ shipmentId: string }> {
    const shipment = await postIdempotently({
      url: `${this.baseUrl}/shipments`,
      idempotencyKey: request.idempotencyKey,
      body: { orderId: request.orderId, items: request.items },
      answer: shipmentAnswer,
      timeoutMs: this.timeoutMs,
      service: 'the fulfilment service',
      unavailable: FulfilmentUnavailable,
    });
    return { shipmentId: shipment.id };
  }
}

/** The adapter of this deployment: `FULFILMENT_SERVICE_URL` (required: a shipment is never pretended). */
export function fulfilmentFromEnv(): Fulfilment {
  const { baseUrl, timeoutMs } = outsideServiceFromEnv(ENV.fulfilmentServiceUrl, 'FULFILMENT_SERVICE_TIMEOUT_MS');
  return new HttpFulfilment(baseUrl, timeoutMs);
}
