package coop.litang.cooplive.members;

import java.util.UUID;

/**
 * A township (乡/镇) of Litang County.
 *
 * @param id its id
 * @param code unique code, such as {@code GENIE}
 * @param nameZh name in Chinese
 * @param nameEn name in English
 */
public record TownshipView(UUID id, String code, String nameZh, String nameEn) {
}
