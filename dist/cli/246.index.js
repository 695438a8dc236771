export const id = 246;
export const ids = [246];
export const modules = {

/***/ 246:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DynamoLockStore: () => (/* binding */ DynamoLockStore)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(807);
// Placeholder until the adapter lands: fails loudly rather than pretending to store anything.

class DynamoLockStore {
    kind = 'dynamodb';
    constructor(_options) { }
    putIfAvailable() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    getMany() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    deleteIf() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    list() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    async close() { }
}


/***/ })

};
