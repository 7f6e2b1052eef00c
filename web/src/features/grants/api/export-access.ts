import { apiDownload } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/access/export.csv — saves "who has access" as a CSV file in the browser. */
export async function downloadAccessExport(customerId: string): Promise<void> {
  const { blob, filename } = await apiDownload(`/customers/${encodeURIComponent(customerId)}/access/export.csv`);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename ?? 'access.csv';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
