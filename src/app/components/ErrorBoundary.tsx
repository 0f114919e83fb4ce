import { Component, type ErrorInfo, type ReactNode } from 'react';
import { resetToDefaults } from '../stores/player-store.ts';

interface Props {
  /** What this boundary wraps, in words ("the player", "the charts"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * A render error stays inside the part of the page that threw: it says what failed and offers
 * "Reset to defaults" (forget the stored state, reload without the query) instead of blanking
 * the whole app.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`glassmeter: ${this.props.name} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error" role="alert" data-testid="boundary-error">
        <p>
          {this.props.name} failed: {error.message.slice(0, 300)}
        </p>
        <button onClick={() => this.setState({ error: null })}>Try again</button> <button onClick={resetToDefaults}>Reset to defaults</button>
      </div>
    );
  }
}
