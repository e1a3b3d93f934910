import { useEffect, useRef, type ComponentProps } from 'react';
import { ErrorMessage } from './ErrorMessage';

type Props = ComponentProps<typeof ErrorMessage>;

/**
 * Why a person's own act failed, shown where they acted: render it right beside (or just under) the control that
 * was pressed, never in a page-wide slot. When it appears it scrolls just enough to be seen (`block: 'nearest'`: a
 * long list keeps the person's place) and takes the focus, because the pressed button is usually disabled while the
 * act runs and focus would otherwise fall to the page — to the person, and to a screen reader, nothing happened.
 * The message itself is a role=alert (ErrorMessage), so it is also announced.
 *
 * A new error object (the same failure again) moves the focus again; re-renders of the same one do not.
 */
export function ActionError(props: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { error } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    el.focus({ preventScroll: true });
  }, [error]);
  return (
    <div ref={ref} tabIndex={-1} className="action-error" data-testid="action-error" data-code={error.code}>
      <ErrorMessage {...props} />
    </div>
  );
}
