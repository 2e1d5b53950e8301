import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot, type Db } from '../../db/connection';
import { projects } from '../../db/schema';
import { createDocument } from './documents.server';
import { createProject } from './projects.server';

const SeedManifest = z.object({
  slug: z.string(),
  title: z.string(),
  sourceLang: z.string(),
  targets: z.array(z.string()),
  documents: z.array(z.object({
    slug: z.string(),
    title: z.string(),
    file: z.string(),
    mediaType: z.enum(['text/plain', 'text/markdown']),
  })),
});

/**
 * Seeds the project of DESIGN.md ("Seed") into a database that has no project yet: the sign-on letter
 * and the key messages, copied into db/seed/ from the source documents as received.
 */
export function seedDefaultProject(db: Db): void {
  if (db.select({ id: projects.id }).from(projects).limit(1).all().length > 0) return;
  const seedDir = path.join(projectRoot(), 'db', 'seed');
  const manifest = SeedManifest.parse(JSON.parse(fs.readFileSync(path.join(seedDir, 'project.json'), 'utf8')));
  db.transaction((tx) => {
    // Checked again inside the IMMEDIATE transaction: two processes starting on one new file seed once.
    if (tx.select({ id: projects.id }).from(projects).limit(1).all().length > 0) return;
    const project = createProject(tx, { slug: manifest.slug, title: manifest.title, sourceLang: manifest.sourceLang, targets: manifest.targets });
    for (const doc of manifest.documents) {
      const content = fs.readFileSync(path.join(seedDir, doc.file), 'utf8');
      createDocument(tx, { project, slug: doc.slug, title: doc.title, content, mediaType: doc.mediaType, fileName: doc.file, createdBy: null });
    }
  }, { behavior: 'immediate' });
}
