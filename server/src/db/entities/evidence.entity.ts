import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn , type Relation } from 'typeorm';
import { timestampColumn } from '../columns';
import { ReportEntity } from './report.entity';

/**
 * A photo, a document or a media link attached to a report. Files live in storage under generated
 * keys; the original keeps its metadata and is shown only to the office and the author, while the
 * thumbnail and preview have EXIF and GPS stripped.
 */
@Entity('evidence')
@Index('ix_evidence_report', ['reportId'])
@Index('ix_evidence_phash', ['phash'])
@Index('ix_evidence_ledger_entry', ['ledgerEntryId'])
export class EvidenceEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** The report it supports; null for a photo of an on-site inspection (then `ledgerEntryId`). */
  @Column({ type: 'int', name: 'report_id', nullable: true })
  reportId!: number | null;

  @Column({ type: 'int', name: 'ledger_entry_id', nullable: true })
  ledgerEntryId!: number | null;

  @ManyToOne(() => ReportEntity, (r) => r.evidence, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<ReportEntity> | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'photo' | 'document' | 'link';

  @Column({ type: 'varchar', length: 120, name: 'display_name' })
  displayName!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  mime!: string | null;

  @Column({ type: 'int', nullable: true })
  bytes!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'varchar', length: 200, name: 'original_key', nullable: true })
  originalKey!: string | null;

  @Column({ type: 'varchar', length: 200, name: 'thumb_key', nullable: true })
  thumbKey!: string | null;

  @Column({ type: 'varchar', length: 200, name: 'preview_key', nullable: true })
  previewKey!: string | null;

  /** Links: the media coverage URL. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  url!: string | null;

  @Column({ type: 'int', nullable: true })
  width!: number | null;

  @Column({ type: 'int', nullable: true })
  height!: number | null;

  /** 64-bit perceptual hash (hex): the same photo re-encoded or resized keeps (nearly) the same. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phash!: string | null;

  @Column({ ...timestampColumn, name: 'app_at', nullable: true })
  appAt!: Date | null;

  @Column({ type: 'double', name: 'app_lat', nullable: true })
  appLat!: number | null;

  @Column({ type: 'double', name: 'app_lng', nullable: true })
  appLng!: number | null;

  @Column({ type: 'double', name: 'app_accuracy', nullable: true })
  appAccuracy!: number | null;

  @Column({ type: 'varchar', length: 16, name: 'app_source', nullable: true })
  appSource!: string | null;

  @Column({ ...timestampColumn, name: 'exif_at', nullable: true })
  exifAt!: Date | null;

  @Column({ type: 'double', name: 'exif_lat', nullable: true })
  exifLat!: number | null;

  @Column({ type: 'double', name: 'exif_lng', nullable: true })
  exifLng!: number | null;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}
