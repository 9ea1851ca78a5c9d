/**
 * The projects a run covers: the ones named (`--project`, config gcp.projects), or every active
 * project the identity can see (Resource Manager v3 projects.search, paginated; it returns the
 * projects on which the caller holds resourcemanager.projects.get).
 */
import type pLimit from 'p-limit';
import type { GcpClient } from './clients.ts';

export const PROJECTS_SEARCH = { operation: 'cloudresourcemanager.projects.search', permission: 'resourcemanager.projects.get' };

interface SearchPage {
  projects?: { projectId?: string; state?: string }[];
  nextPageToken?: string;
}

export async function listProjects(client: GcpClient, limit: ReturnType<typeof pLimit>): Promise<string[]> {
  const ids: string[] = [];
  const pages = client.pages<SearchPage>('cloudresourcemanager', PROJECTS_SEARCH.operation, '/v3/projects:search', { query: 'state:ACTIVE' });
  for (let page = await limit(() => pages.next()); !page.done; page = await limit(() => pages.next())) {
    for (const project of page.value.projects ?? []) {
      if (project.projectId && (project.state === undefined || project.state === 'ACTIVE')) ids.push(project.projectId);
    }
  }
  return [...new Set(ids)].sort();
}
