package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The gzip bytes of an upload, exactly as received (after base64). */
@Entity
@Table(name = "sarif_payload")
public class SarifPayloadEntity {

  @Id
  @Column(name = "upload_id")
  public UUID uploadId;

  @Column(nullable = false)
  public byte[] gzip;
}
