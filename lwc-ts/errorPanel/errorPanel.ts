import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/conduitErrors';

const DEFAULT_FRIENDLY_MESSAGE = 'Something went wrong.';

interface MessageView {
  readonly key: string;
  readonly text: string;
}

/**
 * Shows an error as one sentence an admin can act on, with the server's messages underneath in a
 * disclosure that is reachable by keyboard and announced by screen readers (role="alert").
 */
export default class ErrorPanel extends LightningElement {
  /**
   * The error as caught or delivered by a wire adapter (Apex, UI API, JavaScript or a list of
   * them); it goes through `reduceErrors` from `c/conduitErrors`.
   */
  @api errors?: unknown;

  /** The sentence to show first, in the admin's terms; defaults to "Something went wrong.". */
  @api friendlyMessage?: string;

  get headline(): string {
    return this.friendlyMessage?.trim() || DEFAULT_FRIENDLY_MESSAGE;
  }

  private get reduced(): string[] {
    return reduceErrors(this.errors);
  }

  /** The first server message, shown without opening the details. */
  get primaryMessage(): string | undefined {
    return this.reduced[0];
  }

  /** Every message, for the details list; only shown when there is more than one. */
  get messages(): MessageView[] {
    return this.reduced.map((text, index) => ({ key: `message-${index}`, text }));
  }

  get hasMoreDetails(): boolean {
    return this.reduced.length > 1;
  }

  get detailsSummary(): string {
    return `Show all ${this.reduced.length} messages`;
  }
}
