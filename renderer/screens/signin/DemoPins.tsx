import { roleName } from '../../format/labels';
import { useI18n } from '../../i18n/i18n';

/** The PPE head, the GEK member and the technical specialist first: they are the ones a trainee tries first. */
const ORDER = [1, 5, 7, 2, 3, 4, 6, 8, 9];

/**
 * The demo exam point's PINs by role (app/info, in training mode only, where no real person's PIN exists).
 */
export function DemoPins({ pins }: { pins: { roleCode: number; pin: string }[] }) {
  const i18n = useI18n();
  return (
    <aside className="panel panel--training" aria-labelledby="demo-pins-title" data-testid="demo-pins">
      <h2 id="demo-pins-title" className="panel__title">
        <span aria-hidden="true">⚑ </span>
        {i18n.t('signIn.demo.title')}
      </h2>
      <p>{i18n.t('signIn.demo.lead')}</p>
      <table className="table table--compact">
        <tbody>
          {[...pins].sort((a, b) => ORDER.indexOf(a.roleCode) - ORDER.indexOf(b.roleCode)).map(({ roleCode: role, pin }) => (
            <tr key={role}>
              <th scope="row">{roleName(i18n, role)}</th>
              <td className="mono">{pin}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
