import type { Express, Request, Response } from 'express';
import { UNSUBSCRIBE_PATH } from './paths';
import { readUnsubscribeToken, type UnsubscribeClaim } from './signing';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;line-height:1.5">${body}</body></html>`;

/**
 * Serves the unsubscribe link of every notification e-mail, without login:
 * the signed token is the permission. GET shows a confirmation button (mail
 * scanners that follow links change nothing); POST — the button, or a mail
 * client's RFC 8058 one-click request — turns the channel off.
 */
export function mountUnsubscribeRoute(app: Express, key: Buffer, name: string, handle: (claim: UnsubscribeClaim) => Promise<void>): void {
  const paths = [UNSUBSCRIBE_PATH, `${UNSUBSCRIBE_PATH}/${name}`];
  const claimOf = (req: Request, res: Response): UnsubscribeClaim | null => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const claim = token ? readUnsubscribeToken(key, token) : null;
    if (!claim) res.status(400).type('html').send(page('Invalid link', '<p>This unsubscribe link is not valid.</p><p lang="es">Este enlace para cancelar la suscripción no es válido.</p>'));
    return claim;
  };
  app.get(paths, (req, res) => {
    if (!claimOf(req, res)) return;
    // No action: the form posts to the address the browser shows (the gateway's, when it forwards the link).
    res.type('html').send(page('Unsubscribe', '<form method="post">' +
      `<p>Stop these notifications? <span lang="es">¿Dejar de recibir estos avisos?</span></p>` +
      `<button type="submit">Unsubscribe / Cancelar la suscripción</button></form>`));
  });
  app.post(paths, async (req, res, next) => {
    const claim = claimOf(req, res);
    if (!claim) return;
    try {
      await handle(claim);
      res.type('html').send(page('Unsubscribed', '<p>You will not receive these notifications any more.</p><p lang="es">Ya no recibirá estos avisos.</p>'));
    } catch (err) {
      next(err);
    }
  });
}
