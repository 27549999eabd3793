import type { NetworkRegistered } from '../networks/events.ts';
import type { EventEnvelope } from '../shared/envelope.ts';
import type { DomainError } from '../shared/errors.ts';
import { envelopes } from '../shared/testSupport.ts';
import type { MembershipCommand } from './commands.ts';
import {
  decideMembershipCommand,
  evolveMembership,
  initialMembershipState,
  type MembershipState,
} from './decider.ts';
import type { MembershipEvent } from './events.ts';

// Test-only: runs membership commands against a network stream, as an application service would.

export const afilRegistered: NetworkRegistered = {
  type: 'NetworkRegistered',
  data: {
    networkId: 'afil',
    kind: 'technology_cluster',
    name: 'Associazione Fabbrica Intelligente Lombardia',
    headquarters: [{ city: 'Bergamo', province: 'BG' }],
    s3Ecosystems: ['manifattura_avanzata'],
    technologyAreas: ['Advanced Manufacturing Technologies'],
    establishedOn: '2014',
  },
};

export class NetworkStream {
  state: MembershipState;
  readonly events: EventEnvelope<NetworkRegistered | MembershipEvent>[];

  constructor() {
    this.events = envelopes([afilRegistered]);
    this.state = this.events.reduce(evolveMembership, initialMembershipState);
  }

  /** Decides the command; on success appends and evolves. Returns the outcome. */
  run(command: MembershipCommand): { ids: string[] } | DomainError {
    const decided = decideMembershipCommand(command, this.state);
    if (!decided.ok) return decided.error;
    const recorded = envelopes(decided.value, this.events.length + 1);
    this.events.push(...recorded);
    this.state = recorded.reduce(evolveMembership, this.state);
    return { ids: recorded.map((event) => event.id) };
  }

  /** Runs a command that must succeed and returns the id of the event it recorded. */
  record(command: MembershipCommand): string {
    const outcome = this.run(command);
    if ('code' in outcome) throw new Error(`refused: ${outcome.message}`);
    const [id] = outcome.ids;
    if (id === undefined) throw new Error('no event recorded');
    return id;
  }
}
