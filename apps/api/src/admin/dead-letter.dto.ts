import { IsText } from '../http/validators.js';

export class DeadLetterEventDto {
  /** Must be the `failedEvent.id` the projection's status reports. */
  @IsText(true, 100, '0b4cf3a2-7d51-4e44-9a57-3f0f6a1d2c9e')
  eventId!: string;
}
