package coop.litang.cooplive.members;

import java.util.UUID;

/**
 * An administrative village (行政村) in a township.
 *
 * @param id its id
 * @param townshipId the township it belongs to
 * @param code unique code, such as {@code AZONG}
 * @param nameZh name in Chinese
 * @param nameEn name in English
 */
public record VillageView(UUID id, UUID townshipId, String code, String nameZh, String nameEn) {
}
