package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.UUID;

/**
 * An imported file.
 *
 * @param id its id
 * @param kind deliveries or capital
 * @param fileName the name it was uploaded with
 * @param fileSha256 SHA-256 of its bytes: the same file is imported once
 * @param rows the rows it recorded
 * @param importedBy the accountant
 * @param importedAt when
 * @param repeated true when this upload was the same file again and changed nothing
 */
public record ImportView(UUID id, ImportKind kind, String fileName, String fileSha256, int rows, String importedBy,
		Instant importedAt, boolean repeated) {

	ImportView again() {
		return new ImportView(this.id, this.kind, this.fileName, this.fileSha256, this.rows, this.importedBy,
				this.importedAt, true);
	}

}
