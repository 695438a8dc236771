export const id = 334;
export const ids = [334];
export const modules = {

/***/ 334:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FileLockStore: () => (/* binding */ FileLockStore)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(807);
// Placeholder until the adapter lands: fails loudly rather than pretending to store anything.

class FileLockStore {
    kind = 'file';
    constructor(_options) { }
    putIfAvailable() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    getMany() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    deleteIf() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    list() { throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StoreError */ .AD('not implemented'); }
    async close() { }
}


/***/ })

};
