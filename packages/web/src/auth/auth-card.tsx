import type { ComponentChildren } from 'preact';

/** The centred card of the signed-out screens (sign-in, invitation, password reset). */
export function AuthCard(props: {
  title: string;
  children: ComponentChildren;
  onSubmit?: (e: Event) => void;
}) {
  return (
    <main class="auth-page">
      <form class="auth-card" onSubmit={props.onSubmit} aria-labelledby="auth-title">
        <div class="brand large">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Signpost
        </div>
        <h1 id="auth-title">{props.title}</h1>
        {props.children}
      </form>
    </main>
  );
}
