// The report as CSV: the same function as the page, the same sign-in and scope (the middleware
// sends anyone signed out to sign in; this checks again), never cached.
import type { APIRoute } from 'astro';
import { reportFor } from '../../lib/reports/facilitatorReport';
import { reportCsv } from '../../lib/reports/report';

export const prerender = false;

export const GET: APIRoute = async ({ locals, url }) => {
  const me = locals.facilitator;
  if (!me) return new Response(null, { status: 303, headers: { Location: '/moderate/login', 'Cache-Control': 'no-store' } });
  const { shown, scopeLabel } = await reportFor(me, url.searchParams.get('period'));
  return new Response(reportCsv(shown, scopeLabel), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="voices-report-${shown.period.key}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
};
