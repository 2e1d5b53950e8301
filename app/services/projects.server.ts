import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { projectLanguages, projects } from '../../db/schema';
import { isLanguageTag } from '~/domain/languages';

type DbOrTx = Pick<Db, 'select' | 'insert' | 'update'>;

export type Project = typeof projects.$inferSelect;

export function createProject(
  tx: DbOrTx,
  input: { slug: string; title: string; sourceLang: string; targets: string[] },
): Project {
  for (const tag of [input.sourceLang, ...input.targets]) {
    if (!isLanguageTag(tag)) throw new Error(`not a BCP 47 language tag: ${tag}`);
  }
  const [project] = tx.insert(projects)
    .values({ slug: input.slug, title: input.title, sourceLang: input.sourceLang })
    .returning().all();
  input.targets.forEach((lang, position) => {
    tx.insert(projectLanguages).values({ projectId: project.id, lang, position }).run();
  });
  return project;
}

export function findProject(db: DbOrTx, slug: string) {
  return db.select().from(projects).where(eq(projects.slug, slug)).get() ?? null;
}

export function projectTargets(db: DbOrTx, projectId: number): string[] {
  return db.select({ lang: projectLanguages.lang }).from(projectLanguages)
    .where(eq(projectLanguages.projectId, projectId)).orderBy(asc(projectLanguages.position)).all()
    .map((r) => r.lang);
}
