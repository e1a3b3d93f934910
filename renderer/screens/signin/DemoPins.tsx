import { roleName } from '../../format/labels';
import { useI18n } from '../../i18n/i18n';

/**
 * The demo exam point's PINs by role (assets/demo/demo-ppe.json, trainingPins). Printed only in training mode,
 * where no real person's PIN exists. Kept here because app/info does not carry them (see the report to the lead).
 */
const DEMO_PINS: ReadonlyArray<[roleCode: number, pin: string]> = [
  [1, '1111'],
  [5, '5555'],
  [7, '7777'],
  [2, '2222'],
  [3, '3333'],
  [4, '4444'],
  [6, '6666'],
];

export function DemoPins() {
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
          {DEMO_PINS.map(([role, pin]) => (
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
