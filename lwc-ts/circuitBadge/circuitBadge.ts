import { LightningElement, api } from 'lwc';
import type { CircuitState } from '../types/conduit-monitor';

interface StateView {
  readonly label: string;
  readonly theme: string;
  readonly icon: string;
  readonly meaning: string;
}

const VIEWS: Record<CircuitState, StateView> = {
  CLOSED: {
    label: 'Closed',
    theme: 'slds-theme_success',
    icon: 'utility:success',
    meaning: 'Calls flow normally.'
  },
  HALF_OPEN: {
    label: 'Half-open',
    theme: 'slds-theme_warning',
    icon: 'utility:warning',
    meaning: 'A few probe calls test whether the endpoint has recovered.'
  },
  OPEN: {
    label: 'Open',
    theme: 'slds-theme_error',
    icon: 'utility:error',
    meaning: 'Calls are held back until the open period ends.'
  }
};

const UNKNOWN: StateView = {
  label: 'Unknown',
  theme: 'slds-theme_shade',
  icon: 'utility:question',
  meaning: 'No circuit state has been recorded for this endpoint yet.'
};

function isCircuitState(value: unknown): value is CircuitState {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(VIEWS, value);
}

/**
 * Shows a circuit breaker state as a badge with an icon and text, so the state never relies on
 * colour alone.
 */
export default class CircuitBadge extends LightningElement {
  /**
   * The circuit state: `CLOSED`, `OPEN` or `HALF_OPEN` (case-insensitive). Anything else shows
   * as "Unknown".
   */
  @api state?: string;

  private get view(): StateView {
    const normalised = this.state?.trim().toUpperCase();
    return isCircuitState(normalised) ? VIEWS[normalised] : UNKNOWN;
  }

  get label(): string {
    return `Circuit ${this.view.label}`;
  }

  get badgeClass(): string {
    return `slds-badge ${this.view.theme}`;
  }

  get iconName(): string {
    return this.view.icon;
  }

  get meaning(): string {
    return this.view.meaning;
  }
}
