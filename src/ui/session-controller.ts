import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BindingSession, SessionView } from '../core/session.js';

/**
 * Shows a binding session in a Lit element: the element re-renders on every change of the session
 * while it is attached, and it is attached while it is connected and `shows()` says yes. A view of
 * the session keeps the order watch alive, so an element on the page that shows nothing (a closed
 * modal) says no; such an element calls `sync()` when that changes.
 */
export class SessionController implements ReactiveController, SessionView {
  #attached = false;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    readonly session: BindingSession,
    private readonly shows: () => boolean = () => true,
  ) {
    host.addController(this);
  }

  requestUpdate(): void {
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.sync();
  }

  /** Attaches to the session, or detaches, as the host's `isConnected` and `shows()` say. */
  sync(): void {
    const attach = this.host.isConnected && this.shows();
    if (attach === this.#attached) return;
    this.#attached = attach;
    if (attach) this.session.attach(this);
    else this.session.detach(this);
  }
}
